#include "emready/lab/services/api_session.hpp"

#include "emready/lab/broker/mqtt_broker.hpp"
#include "emready/lab/net/connections.hpp"
#include "emready/lab/services/api_route.hpp"
#include "emready/lab/services/mqtt_bridge.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <fmt/format.h>

namespace emready::lab::services {

namespace {

// A keep-alive connection idle this long is closed (its thread is freed).
constexpr time_t k_idle_seconds = 60;

bool write_all(SSL* ssl, const std::string& data)
{
  // Without SSL_MODE_ENABLE_PARTIAL_WRITE, SSL_write sends everything or fails.
  return data.empty() || SSL_write(ssl, data.data(), static_cast<int>(data.size())) > 0;
}

void set_idle_timeout(SSL* ssl)
{
  const timeval timeout{k_idle_seconds, 0};
  ::setsockopt(SSL_get_fd(ssl), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

void drain_tls(SSL* ssl)
{
  char buffer[4096];
  while (SSL_read(ssl, buffer, sizeof buffer) > 0) {
  }
}

} // namespace

HttpSessionEnd serve_http(SSL* ssl, Api& api, const std::string& host, const net::EventLog& log)
{
  RequestReader reader(
    [ssl](char* buffer, std::size_t size) {
      return static_cast<long>(SSL_read(ssl, buffer, static_cast<int>(size)));
    },
    HttpLimits{}, [ssl] { write_all(ssl, "HTTP/1.1 100 Continue\r\n\r\n"); });
  for (bool first = true;; first = false) {
    HttpRequest request;
    http::HttpError error;
    switch (reader.next(request, error)) {
    case ReadStatus::closed:
      return {};
    case ReadStatus::not_http:
      net::Connections::settle_this_connection(); // MQTT: the broker's keep-alive rules now
      return {true, reader.buffered()};
    case ReadStatus::error:
      write_all(ssl, error_response(error.status, error.message).to_wire(false));
      SSL_shutdown(ssl);
      return {};
    case ReadStatus::request:
      break;
    }
    if (first) {
      net::Connections::settle_this_connection();
      set_idle_timeout(ssl);
    }
    if (!is_api_path(request.path)) {
      write_all(ssl, lab_http_response(host));
      SSL_shutdown(ssl);
      return {};
    }
    const bool keep_alive = request.keep_alive();
    const auto response = api.handle(request);
    if (log.enabled()) {
      log.line(fmt::format("http {} {} {} -> {}", host, request.head.method, request.path,
                           response.status));
    }
    if (!write_all(ssl, response.to_wire(keep_alive)) || !keep_alive) {
      SSL_shutdown(ssl);
      return {};
    }
  }
}

void serve_established(SSL* ssl, Api& api, const std::string& host, const net::EventLog& log,
                       const std::string& where)
{
  auto end = serve_http(ssl, api, host, log);
  if (!end.not_http) {
    return;
  }
  if (broker::looks_like_mqtt(end.received)) {
    MqttBridge bridge(api);
    broker::serve_mqtt(ssl, std::move(end.received), bridge, log, where);
  } else {
    drain_tls(ssl); // another protocol: read until the client closes
  }
}

} // namespace emready::lab::services
