#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace emready::lab::http {

// The request line and headers of one HTTP/1.x request (RFC 9112 §3, §5).
struct HttpHead
{
  std::string method;
  std::string target;                                     // as sent, query included
  int minor_version = 1;                                  // the x of HTTP/1.x
  std::vector<std::pair<std::string, std::string>> headers; // names lower-case, values trimmed

  // The value of the first header called `name` (lower-case), nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const;

  // Every value of the headers called `name` (lower-case), in order.
  std::vector<std::string_view> headers_named(std::string_view name) const;
};

// Why a request cannot be served: the status to answer with and a one-line text.
struct HttpError
{
  int status = 400;
  std::string message;
};

// Parses a head: the request line and the header lines, each ending in CRLF, without the
// empty line that ends the head. Strict: a token method, one space each side of the
// target, no whitespace before a colon, no obsolete line folding, no control characters.
std::variant<HttpHead, HttpError> parse_http_head(std::string_view head);

// True while `data` can still be the start of an HTTP request line (upper-case letters,
// then a space); false for TLS-wrapped MQTT and other binary protocols.
bool looks_like_http(std::string_view data);

} // namespace emready::lab::http
