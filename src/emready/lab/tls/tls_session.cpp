#include "emready/lab/tls/tls_session.hpp"

#include "emready/lab/tls/pki.hpp"

#include <sys/socket.h>

#include <fmt/format.h>

namespace emready::lab::tls {

namespace {

// Reads and discards until the peer closes (or the lab stops).
void drain(int fd)
{
  char buffer[4096];
  while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
  }
}

void handshake(int fd, const TlsService& service)
{
  const auto ssl = service.contexts->make_ssl(fd, service.endpoint);
  if (!ssl) {
    return;
  }
  if (SSL_accept(ssl.get()) != 1) {
    service.log->line(fmt::format("tls {} [{}] handshake failed: {}", service.where,
                                  to_string(service.endpoint.fault), openssl_error()));
    return;
  }
  if (service.log->enabled()) {
    const unsigned char* alpn = nullptr;
    unsigned int alpn_size = 0;
    SSL_get0_alpn_selected(ssl.get(), &alpn, &alpn_size);
    service.log->line(fmt::format("tls {} [{}] handshake ok {} alpn={}", service.where,
                                  to_string(service.endpoint.fault), SSL_get_version(ssl.get()),
                                  std::string(reinterpret_cast<const char*>(alpn), alpn_size)));
  }
  (*service.established)(ssl.get(), service.endpoint.host, service.where);
}

} // namespace

void serve_tls_connection(net::Fd fd, const TlsService& service)
{
  const net::Watched watched(*service.connections, fd.get());
  if (!watched.ok()) {
    return;
  }
  switch (service.endpoint.fault) {
  case scenario::TlsFault::silent:
    service.log->line(fmt::format("tls {} [silent] accepted, saying nothing", service.where));
    drain(fd.get());
    return;
  case scenario::TlsFault::close: {
    char hello[16384];
    const auto n = ::recv(fd.get(), hello, sizeof hello, 0);
    service.log->line(fmt::format("tls {} [close] read {} bytes, closing", service.where, n));
    return;
  }
  case scenario::TlsFault::reset: {
    char hello[16384];
    const auto n = ::recv(fd.get(), hello, sizeof hello, 0);
    const linger abort{1, 0}; // closing now sends RST, as a filter that rejects does
    ::setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    service.log->line(fmt::format("tls {} [reset] read {} bytes, resetting", service.where, n));
    return;
  }
  case scenario::TlsFault::delay:
    if (!service.connections->sleep_for(std::chrono::milliseconds(service.delay_ms))) {
      return;
    }
    break;
  default:
    break;
  }
  handshake(fd.get(), service);
}

} // namespace emready::lab::tls
