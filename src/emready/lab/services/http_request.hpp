#pragma once

#include "emready/lab/http/http_head.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace emready::lab::services {

// One whole request: its head and its Content-Length body.
struct HttpRequest
{
  http::HttpHead head;
  std::string path; // the target without its query
  std::string body;

  // True when the client keeps the connection open after the response (RFC 9112 §9.3).
  bool keep_alive() const;
};

// How much a request may hold.
struct HttpLimits
{
  std::size_t max_head = 16 * 1024;   // request line and headers; more is 431
  std::size_t max_body = 1024 * 1024; // Content-Length; more is 413
};

// Reads up to `size` bytes into `buffer`: > 0 bytes read, 0 at the end, < 0 on an error.
using ReadSome = std::function<long(char* buffer, std::size_t size)>;

// Sends an interim "100 Continue" when a client asked for it before its body.
using SendContinue = std::function<void()>;

// What RequestReader::next found.
enum class ReadStatus
{
  request,  // a whole request
  error,    // a request that cannot be served: answer `error` and close
  closed,   // the client closed (or vanished) between or inside requests
  not_http, // the bytes are not HTTP (e.g. MQTT on the same port)
};

// The body length a head announces, or why it cannot be served: Transfer-Encoding (411,
// chunked bodies are not read), a bad or conflicting Content-Length (400), a missing one on
// POST/PUT (411), or more than `limits.max_body` (413).
std::variant<std::size_t, http::HttpError> body_length(const http::HttpHead& head,
                                                       const HttpLimits& limits);

// Reads requests one after the other from a byte stream (keep-alive, pipelining), strictly
// and within limits.
class RequestReader
{
public:
  RequestReader(ReadSome read, HttpLimits limits, SendContinue send_continue);

  // Reads the next request; on ReadStatus::request it is in `request`, on error in `error`.
  ReadStatus next(HttpRequest& request, http::HttpError& error);

  // Bytes read beyond the requests returned so far.
  const std::string& buffered() const { return m_buffer; }

private:
  bool fill();
  ReadStatus read_body(HttpRequest& request, std::size_t head_size, std::size_t length);

  ReadSome m_read;
  HttpLimits m_limits;
  SendContinue m_send_continue;
  std::string m_buffer;
};

} // namespace emready::lab::services
