#include "emready/lab/tls/tls_session.hpp"

#include "emready/lab/tls/pki.hpp"

#include <random>
#include <string>
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
  case scenario::TlsFault::trickle:
  case scenario::TlsFault::delay:
    net::Connections::settle_this_connection(); // faults that hold a client on purpose
    break;
  default:
    break;
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
  case scenario::TlsFault::http_answer: {
    char hello[16384];
    const auto n = ::recv(fd.get(), hello, sizeof hello, 0);
    const std::string answer = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n"
                               "Content-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(fd.get(), answer.data(), answer.size(), MSG_NOSIGNAL);
    service.log->line(fmt::format("tls {} [http-answer] read {} bytes, answered in HTTP", service.where, n));
    return;
  }
  case scenario::TlsFault::garbage: {
    char hello[16384];
    const auto n = ::recv(fd.get(), hello, sizeof hello, 0);
    std::mt19937 random(static_cast<unsigned>(n));
    std::string noise(1u << 20, '\0');
    for (auto& c : noise) {
      c = static_cast<char>(random());
    }
    noise[0] = 'G'; // never by chance a TLS record header
    std::size_t sent = 0;
    while (sent < noise.size()) {
      const auto wrote = ::send(fd.get(), noise.data() + sent, noise.size() - sent, MSG_NOSIGNAL);
      if (wrote <= 0) {
        break;
      }
      sent += static_cast<std::size_t>(wrote);
    }
    service.log->line(fmt::format("tls {} [garbage] read {} bytes, sent {} random bytes", service.where, n, sent));
    return;
  }
  case scenario::TlsFault::trickle: {
    char hello[16384];
    ::recv(fd.get(), hello, sizeof hello, 0);
    // A handshake record of 16 KiB announced, then one byte at a time: the client waits.
    const unsigned char header[] = {0x16, 0x03, 0x03, 0x40, 0x00, 0x02};
    std::size_t sent = 0;
    for (std::size_t i = 0;; ++i) {
      const unsigned char byte = i < sizeof header ? header[i] : static_cast<unsigned char>(i);
      if (::send(fd.get(), &byte, 1, MSG_NOSIGNAL) != 1) {
        break;
      }
      ++sent;
      if (!service.connections->sleep_for(std::chrono::milliseconds(service.delay_ms))) {
        break;
      }
    }
    service.log->line(fmt::format("tls {} [trickle] sent {} bytes, one per {} ms", service.where, sent,
                                  service.delay_ms));
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
