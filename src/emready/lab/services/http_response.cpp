#include "emready/lab/services/http_response.hpp"

#include <ctime>
#include <fmt/format.h>

namespace emready::lab::services {

const char* reason_phrase(int status)
{
  switch (status) {
  case 100: return "Continue";
  case 200: return "OK";
  case 201: return "Created";
  case 202: return "Accepted";
  case 204: return "No Content";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 409: return "Conflict";
  case 411: return "Length Required";
  case 413: return "Content Too Large";
  case 415: return "Unsupported Media Type";
  case 422: return "Unprocessable Content";
  case 431: return "Request Header Fields Too Large";
  case 505: return "HTTP Version Not Supported";
  default: return "Internal Server Error";
  }
}

// Now as an IMF-fixdate (RFC 9110 section 5.6.7), whatever the locale.
std::string http_date()
{
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} GMT", k_days[utc.tm_wday], utc.tm_mday,
                     k_months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string HttpResponse::to_wire(bool keep_alive) const
{
  std::string wire = fmt::format("HTTP/1.1 {} {}\r\nServer: emready-lab\r\nDate: {}\r\n", status,
                                 reason_phrase(status), http_date());
  if (status != 204) {
    wire += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", content_type, body.size());
  }
  for (const auto& [name, value] : headers) {
    wire += fmt::format("{}: {}\r\n", name, value);
  }
  wire += keep_alive ? "\r\n" : "Connection: close\r\n\r\n";
  return status == 204 ? wire : wire + body;
}

HttpResponse json_response(int status, const nlohmann::json& body)
{
  HttpResponse response;
  response.status = status;
  // Replacing invalid UTF-8 keeps a client's odd bytes echoed in a message from throwing.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return response;
}

HttpResponse error_response(int status, const std::string& message, const std::string& field)
{
  nlohmann::json body{{"error", message}};
  if (!field.empty()) {
    body["field"] = field;
  }
  auto response = json_response(status, body);
  if (status == 401) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"emready-lab\"");
  }
  return response;
}

HttpResponse no_content()
{
  HttpResponse response;
  response.status = 204;
  return response;
}

std::string lab_http_response(const std::string& host)
{
  const auto body = nlohmann::json{{"host", host}, {"lab", true}}.dump() + "\n";
  return fmt::format("HTTP/1.1 200 OK\r\nServer: emready-lab\r\nDate: {}\r\nContent-Type: application/json\r\n"
                     "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                     http_date(), body.size(), body);
}

} // namespace emready::lab::services
