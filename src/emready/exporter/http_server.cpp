// libmicrohttpd does the HTTP (request parsing, keep-alive, limits); we map its callbacks to
// one handler. Chosen over civetweb and pistache (also in Debian 12): a C API with a
// thread-per-connection mode, per-connection memory and idle limits, and years of use in
// exporters (prometheus-client-c's promhttp).
#include "emready/exporter/http_server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <mutex>
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <stdexcept>

namespace emready::exporter {

struct HttpServer::State
{
  HttpHandler handler;
  std::function<void(const std::string&)> log;
  int listener = -1;
  bool quiesced = false;
  // A flood must not flood the log: a line the library repeats is said once per interval,
  // with how many were left unsaid.
  std::mutex log_mutex;
  std::string last_line;
  std::chrono::steady_clock::time_point last_said;
  std::size_t unsaid = 0;
};

namespace {

bool same_name(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

MHD_Result collect(void* into, MHD_ValueKind, const char* key, const char* value)
{
  static_cast<std::vector<std::pair<std::string, std::string>>*>(into)->emplace_back(key ? key : "",
                                                                                      value ? value : "");
  return MHD_YES;
}

std::string client_of(MHD_Connection* connection)
{
  const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) {
    return "";
  }
  char text[INET6_ADDRSTRLEN] = {};
  const auto* address = info->client_addr;
  if (address->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
  }
  return text;
}

MHD_Result answer(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char*, const char*, size_t* upload_size, void**)
{
  auto& state = *static_cast<HttpServer::State*>(cls);
  *upload_size = 0; // a body is not read: no request here has one
  HttpRequest request;
  request.method = method ? method : "";
  request.path = url ? url : "";
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect, &request.query);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect, &request.headers);
  request.client = client_of(connection);
  HttpResponse reply;
  try {
    reply = state.handler(request);
  } catch (const std::exception& error) {
    reply = {500, "text/plain; charset=utf-8", std::string("internal error: ") + error.what() + "\n", {}};
  }
  auto* response = MHD_create_response_from_buffer(reply.body.size(), reply.body.data(), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) {
    return MHD_NO;
  }
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type.c_str());
  for (const auto& [name, value] : reply.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const auto queued = MHD_queue_response(connection, static_cast<unsigned>(reply.status), response);
  MHD_destroy_response(response);
  return queued;
}

void library_log(void* cls, const char* format, va_list arguments)
{
  auto& state = *static_cast<HttpServer::State*>(cls);
  char text[512];
  std::vsnprintf(text, sizeof text, format, arguments);
  std::string line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  const std::lock_guard lock(state.log_mutex);
  const auto now = std::chrono::steady_clock::now();
  if (line == state.last_line && now - state.last_said < std::chrono::seconds(10)) {
    ++state.unsaid;
    return;
  }
  if (state.unsaid > 0) {
    line += fmt::format(" (said {} more times in the {:.0f} s before)", state.unsaid,
                        std::chrono::duration<double>(now - state.last_said).count());
  }
  state.last_line = text;
  while (!state.last_line.empty() && (state.last_line.back() == '\n' || state.last_line.back() == '\r')) {
    state.last_line.pop_back();
  }
  state.last_said = now;
  state.unsaid = 0;
  if (state.log) {
    state.log(line);
  }
}

} // namespace

std::optional<std::string> HttpRequest::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

HttpServer::HttpServer(int listener, HttpHandler handler, HttpLimits limits,
                       std::function<void(const std::string&)> log)
  : m_state(std::make_unique<State>())
{
  m_state->handler = std::move(handler);
  m_state->log = std::move(log);
  m_state->listener = listener;
  m_daemon = MHD_start_daemon(
    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
      MHD_USE_ERROR_LOG,
    0, nullptr, nullptr, &answer, m_state.get(),
    MHD_OPTION_EXTERNAL_LOGGER, &library_log, m_state.get(), // first, so every message comes here
    MHD_OPTION_LISTEN_SOCKET, static_cast<MHD_socket>(listener),
    MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(limits.max_connections),
    MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(limits.idle_timeout_s),
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(limits.max_request_bytes),
    MHD_OPTION_END);
  if (m_daemon == nullptr) {
    ::close(listener);
    throw std::runtime_error("the HTTP server library (libmicrohttpd) could not start");
  }
}

HttpServer::~HttpServer()
{
  quiesce();
  MHD_stop_daemon(m_daemon);
}

void HttpServer::quiesce()
{
  if (!m_state->quiesced) {
    m_state->quiesced = true;
    const auto fd = MHD_quiesce_daemon(m_daemon);
    if (fd >= 0) {
      ::close(fd); // MHD gives the listener back: no one else takes it
    }
  }
}

std::uint16_t HttpServer::port() const
{
  const auto* info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info == nullptr ? 0 : info->port;
}

} // namespace emready::exporter
