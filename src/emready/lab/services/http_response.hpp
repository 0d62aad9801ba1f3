#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace emready::lab::services {

// One response of the services' API.
struct HttpResponse
{
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers; // beyond the standard ones
  std::string body;

  // The bytes on the wire; `keep_alive` false adds "Connection: close".
  std::string to_wire(bool keep_alive) const;
};

// `status` with `body` as compact JSON and a final newline.
HttpResponse json_response(int status, const nlohmann::json& body);

// `status` with {"error": message}, plus {"field": field} when `field` is not empty.
HttpResponse error_response(int status, const std::string& message,
                            const std::string& field = {});

// 204 No Content.
HttpResponse no_content();

// Now as an IMF-fixdate ("Tue, 01 Dec 2026 20:14:48 GMT"), for every answer's Date header.
std::string http_date();

// The reason phrase of `status` ("Not Found").
const char* reason_phrase(int status);

// The plain lab answer to a request outside the API: a minimal HTTP/1.1 200 response with
// {"host": HOST, "lab": true} and "Connection: close".
std::string lab_http_response(const std::string& host);

} // namespace emready::lab::services
