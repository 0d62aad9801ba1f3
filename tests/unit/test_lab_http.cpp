#include "emready/lab/services/http_request.hpp"
#include "emready/lab/services/http_response.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace emready::lab::http;
using namespace emready::lab::services;

namespace {

// A reader over `wire`, handing out at most `chunk` bytes per read.
struct Wire
{
  std::string data;
  std::size_t chunk = 7;
  std::size_t at = 0;
  int continues = 0;

  RequestReader reader(HttpLimits limits = {})
  {
    return RequestReader(
      [this](char* buffer, std::size_t size) {
        const auto n = std::min({size, chunk, data.size() - at});
        std::copy_n(data.data() + at, n, buffer);
        at += n;
        return static_cast<long>(n);
      },
      limits, [this] { ++continues; });
  }
};

int error_status(const std::string& wire, HttpLimits limits = {})
{
  Wire source{wire};
  auto reader = source.reader(limits);
  HttpRequest request;
  HttpError error;
  return reader.next(request, error) == ReadStatus::error ? error.status : 0;
}

} // namespace

TEST_CASE("unit: lab http: heads parse strictly")
{
  const auto ok = parse_http_head("GET /v1/audit?x=1 HTTP/1.1\r\nHost: a\r\nX-A:  b \r\n");
  REQUIRE(std::holds_alternative<HttpHead>(ok));
  const auto& head = std::get<HttpHead>(ok);
  CHECK(head.method == "GET");
  CHECK(head.target == "/v1/audit?x=1");
  CHECK(head.header("x-a") == "b");
  CHECK(!head.header("host-x"));
  const auto status = [](const std::string& text) {
    const auto parsed = parse_http_head(text);
    return std::holds_alternative<HttpError>(parsed) ? std::get<HttpError>(parsed).status : 0;
  };
  CHECK(status("GET / HTTP/1.1\r\n") == 0);
  CHECK(status("GET  / HTTP/1.1\r\n") == 400);          // two spaces
  CHECK(status("GET / HTTP/2.0\r\n") == 505);
  CHECK(status("G(T / HTTP/1.1\r\n") == 400);            // not a token
  CHECK(status("GET / HTTP/1.1\r\nName : v\r\n") == 400); // space before the colon
  CHECK(status("GET / HTTP/1.1\r\nA: b\r\n  folded\r\n") == 400);
  CHECK(status("GET / HTTP/1.1\r\nA: b\x01\r\n") == 400);
  CHECK(status("GET / HTTP/1.1") == 400);                // no CRLF
  CHECK(status("") == 400);
}

TEST_CASE("unit: lab http: bodies need Content-Length within the limit")
{
  CHECK(error_status("PUT /x HTTP/1.1\r\n\r\n") == 411);
  CHECK(error_status("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 411);
  CHECK(error_status("PUT /x HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") == 400);
  CHECK(error_status("PUT /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
  CHECK(error_status("PUT /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") ==
        400);
  CHECK(error_status("PUT /x HTTP/1.1\r\nContent-Length: 11\r\n\r\n", {1024, 10}) == 413);
  CHECK(error_status("GET /" + std::string(2000, 'a') + " HTTP/1.1\r\n\r\n", {1024, 10}) == 431);
  CHECK(error_status("GET /" + std::string(2000, 'a'), {1024, 10}) == 431); // never ends
}

TEST_CASE("unit: lab http: keep-alive requests follow each other, bodies exactly")
{
  Wire source{"\r\nPUT /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n"
              "Connection: close\r\n\r\nGET /c HTTP/1.0\r\n\r\n"};
  auto reader = source.reader();
  HttpRequest request;
  HttpError error;
  REQUIRE(reader.next(request, error) == ReadStatus::request);
  CHECK(request.path == "/a");
  CHECK(request.body == "hello");
  CHECK(request.keep_alive());
  REQUIRE(reader.next(request, error) == ReadStatus::request);
  CHECK(request.path == "/b");
  CHECK(request.body.empty());
  CHECK(!request.keep_alive());
  REQUIRE(reader.next(request, error) == ReadStatus::request);
  CHECK(!request.keep_alive()); // HTTP/1.0 without keep-alive
  CHECK(reader.next(request, error) == ReadStatus::closed);
}

TEST_CASE("unit: lab http: truncated bodies, MQTT bytes and 100-continue")
{
  HttpRequest request;
  HttpError error;
  Wire cut{"PUT /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nhalf"};
  auto reader = cut.reader();
  CHECK(reader.next(request, error) == ReadStatus::closed);
  Wire mqtt{std::string("\x10\x2a\x00\x04MQTT", 8)};
  auto mqtt_reader = mqtt.reader();
  CHECK(mqtt_reader.next(request, error) == ReadStatus::not_http);
  CHECK(!mqtt_reader.buffered().empty());
  Wire expect{"PUT /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok", 1000};
  auto expect_reader = expect.reader();
  CHECK(expect_reader.next(request, error) == ReadStatus::request);
  CHECK(expect.continues == 0); // the body had come along already
}

TEST_CASE("unit: lab http: responses carry length, type and connection")
{
  const auto wire = error_response(422, "field 'x'", "x").to_wire(false);
  CHECK(wire.starts_with("HTTP/1.1 422 Unprocessable Content\r\n"));
  CHECK(wire.find("Content-Type: application/json\r\n") != std::string::npos);
  CHECK(wire.find("Connection: close\r\n\r\n{\"error\":\"field 'x'\",\"field\":\"x\"}\n") !=
        std::string::npos);
  const auto empty = no_content().to_wire(true);
  CHECK(empty.find("Content-Length") == std::string::npos);
  CHECK(empty.ends_with("\r\n\r\n"));
  CHECK(error_response(401, "no").to_wire(true).find("WWW-Authenticate: Bearer") !=
        std::string::npos);
}
