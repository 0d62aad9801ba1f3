#include "emready/lab/services/http_request.hpp"

#include "emready/core/host_name.hpp"

#include <charconv>
#include <fmt/format.h>

namespace emready::lab::services {

namespace {

std::variant<std::size_t, http::HttpError> parse_length(std::string_view text)
{
  std::size_t length = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return http::HttpError{400, fmt::format("Content-Length '{}' is not a number", text)};
  }
  return length;
}

bool has_token(std::string_view list, std::string_view token)
{
  const auto lower = core::to_lower(list);
  std::string_view rest = lower;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    if (item == token) {
      return true;
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

} // namespace

bool HttpRequest::keep_alive() const
{
  const auto connection = head.header("connection").value_or("");
  return head.minor_version >= 1 ? !has_token(connection, "close")
                                 : has_token(connection, "keep-alive");
}

std::variant<std::size_t, http::HttpError> body_length(const http::HttpHead& head,
                                                       const HttpLimits& limits)
{
  if (head.header("transfer-encoding")) {
    return http::HttpError{411, "chunked (Transfer-Encoding) bodies are not accepted; "
                          "send Content-Length"};
  }
  const auto values = head.headers_named("content-length");
  if (values.empty()) {
    if (head.method == "POST" || head.method == "PUT") {
      return http::HttpError{411, fmt::format("{} needs a Content-Length", head.method)};
    }
    return std::size_t{0};
  }
  const auto length = parse_length(values.front());
  for (const auto value : values) {
    if (value != values.front()) {
      return http::HttpError{400, "conflicting Content-Length headers"};
    }
  }
  if (std::holds_alternative<std::size_t>(length) &&
      std::get<std::size_t>(length) > limits.max_body) {
    return http::HttpError{413, fmt::format("the body is larger than {} bytes", limits.max_body)};
  }
  return length;
}

RequestReader::RequestReader(ReadSome read, HttpLimits limits, SendContinue send_continue)
  : m_read(std::move(read)),
    m_limits(limits),
    m_send_continue(std::move(send_continue))
{
}

bool RequestReader::fill()
{
  char buffer[16384];
  const auto n = m_read(buffer, sizeof buffer);
  if (n <= 0) {
    return false;
  }
  m_buffer.append(buffer, static_cast<std::size_t>(n));
  return true;
}

ReadStatus RequestReader::next(HttpRequest& request, http::HttpError& error)
{
  std::size_t end = std::string::npos;
  for (;;) {
    while (m_buffer.starts_with("\r\n")) {
      m_buffer.erase(0, 2); // RFC 9112 §2.2: an empty line before a request is ignored
    }
    end = m_buffer.find("\r\n\r\n");
    if (end != std::string::npos || m_buffer.size() > m_limits.max_head) {
      break;
    }
    if (!http::looks_like_http(m_buffer)) {
      return ReadStatus::not_http;
    }
    if (!fill()) {
      return ReadStatus::closed;
    }
  }
  if (end == std::string::npos || end + 4 > m_limits.max_head) {
    error = {431, fmt::format("the request head is larger than {} bytes", m_limits.max_head)};
    return ReadStatus::error;
  }
  auto parsed = http::parse_http_head(std::string_view(m_buffer).substr(0, end + 2));
  if (auto* failure = std::get_if<http::HttpError>(&parsed)) {
    error = std::move(*failure);
    return ReadStatus::error;
  }
  request.head = std::move(std::get<http::HttpHead>(parsed));
  request.path = request.head.target.substr(0, request.head.target.find('?'));
  const auto length = body_length(request.head, m_limits);
  if (const auto* failure = std::get_if<http::HttpError>(&length)) {
    error = *failure;
    return ReadStatus::error;
  }
  return read_body(request, end + 4, std::get<std::size_t>(length));
}

ReadStatus RequestReader::read_body(HttpRequest& request, std::size_t head_size,
                                    std::size_t length)
{
  const auto expect = request.head.header("expect");
  if (expect && has_token(*expect, "100-continue") && m_buffer.size() < head_size + length &&
      m_send_continue) {
    m_send_continue();
  }
  while (m_buffer.size() < head_size + length) {
    if (!fill()) {
      return ReadStatus::closed;
    }
  }
  request.body = m_buffer.substr(head_size, length);
  m_buffer.erase(0, head_size + length);
  return ReadStatus::request;
}

} // namespace emready::lab::services
