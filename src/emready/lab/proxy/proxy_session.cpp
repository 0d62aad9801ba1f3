#include "emready/lab/proxy/proxy_session.hpp"

#include "emready/lab/net/net.hpp"
#include "emready/lab/proxy/proxy_decision.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <fmt/format.h>

namespace emready::lab::proxy {

namespace {

constexpr std::size_t k_max_head = 16 * 1024;
constexpr std::chrono::milliseconds k_connect_timeout{5000};

// Reads until the blank line ending the head; `rest` gets bytes that came after it.
std::optional<std::string> read_head(int fd, std::string& rest)
{
  std::string data;
  char buffer[4096];
  while (data.size() < k_max_head) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      return std::nullopt;
    }
    data.append(buffer, static_cast<std::size_t>(n));
    if (const auto end = data.find("\r\n\r\n"); end != std::string::npos) {
      rest = data.substr(end + 4);
      data.resize(end + 2);
      return data;
    }
  }
  return data;
}

// Moves what is readable on `from` to `to`; false when `from` is finished.
bool pump(int from, int to)
{
  char buffer[16384];
  const auto n = ::recv(from, buffer, sizeof buffer, 0);
  if (n <= 0 || !net::send_all(to, buffer, static_cast<std::size_t>(n))) {
    ::shutdown(to, SHUT_WR);
    return false;
  }
  return true;
}

// The proxy faults, acted out where a tunnel would start: a hostile or broken proxy.
void misbehave(int client, const scenario::ProxySpec& proxy, const ProxyService& service,
               const std::string& who)
{
  service.log->line(fmt::format("proxy {} -> {} (fault)", who, to_string(proxy.fault)));
  const std::string status = "HTTP/1.1 200 Connection established\r\n";
  switch (proxy.fault) {
  case scenario::ProxyFault::silent: {
    char sink[512];
    while (::recv(client, sink, sizeof sink, 0) > 0) {
    } // until the client gives up
    return;
  }
  case scenario::ProxyFault::trickle_header: {
    if (!net::send_all(client, status.data(), status.size())) {
      return;
    }
    for (unsigned line = 0;; ++line) {
      pollfd wait{client, POLLIN, 0};
      if (::poll(&wait, 1, static_cast<int>(proxy.delay_ms)) != 0) {
        return; // the client closed (or sent something): stop
      }
      const auto header = fmt::format("X-Trickle-{}: {}\r\n", line, line);
      if (!net::send_all(client, header.data(), header.size())) {
        return;
      }
    }
  }
  case scenario::ProxyFault::huge_header: {
    if (!net::send_all(client, status.data(), status.size())) {
      return;
    }
    const std::string line = "X-Padding: " + std::string(1000, 'a') + "\r\n";
    for (std::size_t sent = 0; sent < (10u << 20); sent += line.size()) {
      if (!net::send_all(client, line.data(), line.size())) {
        return;
      }
    }
    net::send_all(client, "\r\n", 2);
    return;
  }
  case scenario::ProxyFault::garbage: {
    const auto head = status + "\r\n";
    if (!net::send_all(client, head.data(), head.size())) {
      return;
    }
    std::string noise(1u << 20, '\0');
    std::uint32_t state = 0x9e3779b9u; // xorshift: noise, not secrecy
    for (auto& byte : noise) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      byte = static_cast<char>(state & 0xff);
    }
    noise[0] = 'X'; // never the start of a TLS record by chance
    net::send_all(client, noise.data(), noise.size());
    return;
  }
  case scenario::ProxyFault::none:
    return;
  }
}

void tunnel(int client, const ProxyVerdict& verdict, const std::string& early,
            const ProxyService& service, const std::string& who)
{
  net::Fd upstream = net::connect_tcp(verdict.address, verdict.port, k_connect_timeout);
  if (!upstream) {
    const ProxyVerdict failed{503, fmt::format("cannot connect to {}",
                                               net::with_port(verdict.address, verdict.port)),
                              {}, 0};
    service.log->line(fmt::format("proxy {} -> 503 ({})", who, failed.reason));
    const auto response = proxy_error_response(failed, *service.proxy);
    net::send_all(client, response.data(), response.size());
    return;
  }
  const net::Watched watched(*service.connections, upstream.get());
  const std::string established = "HTTP/1.1 200 Connection established\r\n\r\n";
  if (!watched.ok() || !net::send_all(client, established.data(), established.size()) ||
      !net::send_all(upstream.get(), early.data(), early.size())) {
    return;
  }
  service.log->line(fmt::format("proxy {} -> 200 tunnel to {}", who,
                                net::with_port(verdict.address, verdict.port)));
  relay(client, upstream.get());
}

} // namespace

void relay(int a, int b)
{
  std::array<pollfd, 2> fds{pollfd{a, POLLIN, 0}, pollfd{b, POLLIN, 0}};
  bool a_open = true;
  bool b_open = true;
  while (a_open || b_open) {
    fds[0].fd = a_open ? a : -1;
    fds[1].fd = b_open ? b : -1;
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      return;
    }
    if (a_open && fds[0].revents != 0) {
      a_open = pump(a, b);
    }
    if (b_open && fds[1].revents != 0) {
      b_open = pump(b, a);
    }
  }
}

void serve_proxy_connection(net::Fd client, const ProxyService& service)
{
  const net::Watched watched(*service.connections, client.get());
  if (!watched.ok()) {
    return;
  }
  std::string early;
  const auto head = read_head(client.get(), early);
  if (!head) {
    return;
  }
  net::Connections::settle_this_connection();
  const auto request = parse_proxy_request(*head);
  const auto verdict = decide(request, *service.proxy, *service.hosts, *service.scenario);
  const auto who = request ? fmt::format("{} {}", request->method, request->target)
                           : std::string("(unparsable)");
  if (verdict.status != 200) {
    service.log->line(fmt::format("proxy {} -> {} ({})", who, verdict.status, verdict.reason));
    const auto response = proxy_error_response(verdict, *service.proxy);
    net::send_all(client.get(), response.data(), response.size());
    ::shutdown(client.get(), SHUT_WR);
    return;
  }
  if (service.proxy->fault != scenario::ProxyFault::none) {
    misbehave(client.get(), *service.proxy, service, who);
    ::shutdown(client.get(), SHUT_WR);
    return;
  }
  tunnel(client.get(), verdict, early, service, who);
}

} // namespace emready::lab::proxy
