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
  tunnel(client.get(), verdict, early, service, who);
}

} // namespace emready::lab::proxy
