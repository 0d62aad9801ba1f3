// A minimal, strict HTTP/1.x head parser shared by the lab's proxy and its services. No
// library: Debian's HTTP server libraries (libmicrohttpd, cpp-httplib, Boost.Beast) each
// bring their own socket and thread model, while the lab needs only the head of a request
// read from a blocking socket or a TLS connection it already owns.
#include "emready/lab/http/http_head.hpp"

#include "emready/core/host_name.hpp"

#include <algorithm>

namespace emready::lab::http {

namespace {

// RFC 9110 §5.6.2 tchar.
bool is_token_char(char c)
{
  const std::string_view specials = "!#$%&'*+-.^_`|~";
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         specials.find(c) != std::string_view::npos;
}

bool is_token(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

// Visible characters, spaces and tabs (RFC 9110 §5.5 field-value, obs-text allowed).
bool is_field_value(std::string_view text)
{
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 ? u != 0x7f : c == '\t';
  });
}

std::string_view trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<HttpError> parse_request_line(std::string_view line, HttpHead& head)
{
  const auto first = line.find(' ');
  const auto second = line.find(' ', first == std::string_view::npos ? first : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      line.find(' ', second + 1) != std::string_view::npos) {
    return HttpError{400, "the request line is not 'METHOD TARGET HTTP/1.x'"};
  }
  const auto version = line.substr(second + 1);
  head.method = std::string(line.substr(0, first));
  head.target = std::string(line.substr(first + 1, second - first - 1));
  if (!is_token(head.method) || head.target.empty() || !is_field_value(head.target)) {
    return HttpError{400, "the request line is not 'METHOD TARGET HTTP/1.x'"};
  }
  if (version.size() != 8 || !version.starts_with("HTTP/1.") || version[7] < '0' ||
      version[7] > '9') {
    return HttpError{505, "only HTTP/1.x is served"};
  }
  head.minor_version = version[7] - '0';
  return std::nullopt;
}

std::optional<HttpError> parse_header_line(std::string_view line, HttpHead& head)
{
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
    return HttpError{400, "a header line is not 'Name: value' (or is folded)"};
  }
  const auto value = trim(line.substr(colon + 1));
  if (!is_field_value(value)) {
    return HttpError{400, "a header value holds control characters"};
  }
  head.headers.emplace_back(core::to_lower(line.substr(0, colon)), std::string(value));
  return std::nullopt;
}

} // namespace

std::optional<std::string_view> HttpHead::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> HttpHead::headers_named(std::string_view name) const
{
  std::vector<std::string_view> values;
  for (const auto& [key, value] : headers) {
    if (key == name) {
      values.emplace_back(value);
    }
  }
  return values;
}

std::variant<HttpHead, HttpError> parse_http_head(std::string_view text)
{
  HttpHead head;
  bool first = true;
  while (!text.empty()) {
    const auto end = text.find("\r\n");
    if (end == std::string_view::npos) {
      return HttpError{400, "a line of the request head does not end in CRLF"};
    }
    const auto line = text.substr(0, end);
    text.remove_prefix(end + 2);
    auto error = first ? parse_request_line(line, head) : parse_header_line(line, head);
    if (error) {
      return *error;
    }
    first = false;
  }
  if (first) {
    return HttpError{400, "the request head is empty"};
  }
  return head;
}

bool looks_like_http(std::string_view data)
{
  std::size_t i = 0;
  while (i < data.size() && data[i] >= 'A' && data[i] <= 'Z') {
    ++i;
  }
  return i == data.size() || (i > 0 && data[i] == ' ');
}

} // namespace emready::lab::http
