#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct MHD_Daemon;

namespace emready::exporter {

// One HTTP request as the handler sees it: its target split into path and decoded query.
struct HttpRequest
{
  std::string method;                                      // "GET", "HEAD", …
  std::string path;                                        // "/probe"
  std::vector<std::pair<std::string, std::string>> query;  // in order, percent-decoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string client;                                      // "127.0.0.1"

  // The first header called `name` (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

struct HttpResponse
{
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// What one client may take of the server.
struct HttpLimits
{
  unsigned max_connections = 64;         // at once; more are refused
  unsigned idle_timeout_s = 10;          // a connection quiet this long is closed (idle
                                         // clients hold a slot no longer)
  std::size_t max_request_bytes = 32768; // request line and headers
};

// An HTTP/1.1 server (GNU libmicrohttpd) on a listening socket, a thread per connection so a
// handler may take as long as a run does. Errors of the library go to `log`.
class HttpServer
{
public:
  // Takes over `listener` (bound and listening) and starts serving; throws
  // std::runtime_error when the library cannot start.
  HttpServer(int listener, HttpHandler handler, HttpLimits limits, std::function<void(const std::string&)> log);
  // Stops taking connections and waits for the requests being answered.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port it listens on (the kernel's choice for port 0).
  std::uint16_t port() const;

  // Stops accepting new connections (the ones open finish); idempotent.
  void quiesce();

  struct State; // what the library's callbacks reach (http_server.cpp)

private:
  std::unique_ptr<State> m_state;
  MHD_Daemon* m_daemon = nullptr;
};

} // namespace emready::exporter
