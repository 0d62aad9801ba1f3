#include "emready/lab/net/net.hpp"

#include "emready/core/error.hpp"
#include "emready/core/open_files.hpp"

#include <limits>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace emready::lab::net {

namespace {

// A socket address of either family.
struct SocketAddress
{
  sockaddr_storage storage{};
  socklen_t size = 0;

  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

int family_of(const IpAddress& address)
{
  return address.is_v6 ? AF_INET6 : AF_INET;
}

SocketAddress to_sockaddr(const IpAddress& address, std::uint16_t port)
{
  SocketAddress out;
  if (address.is_v6) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&out.storage);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(port);
    std::memcpy(&sa->sin6_addr, address.bytes.data(), 16);
    out.size = sizeof *sa;
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&out.storage);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    std::memcpy(&sa->sin_addr, address.bytes.data(), 4);
    out.size = sizeof *sa;
  }
  return out;
}

[[noreturn]] void bind_failed(const char* what, const IpAddress& address, std::uint16_t port)
{
  const int error = errno;
  const char* hint = (error == EACCES && port < 1024)
                       ? " (ports below 1024 need root: map them with port_map)"
                       : (error == EADDRINUSE ? " (is another lab running?)" : "");
  throw core::InputError(fmt::format("cannot {} on {}: {}{}", what, with_port(address, port),
                                     std::strerror(error), hint));
}

Fd bound_socket(int type, const IpAddress& address, std::uint16_t port, const char* what)
{
  Fd fd(::socket(family_of(address), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    bind_failed(what, address, port);
  }
  const int on = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (address.is_v6) {
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  const auto sa = to_sockaddr(address, port);
  if (::bind(fd.get(), sa.get(), sa.size) != 0) {
    bind_failed(what, address, port);
  }
  return fd;
}

// Starts a non-blocking connect; true when it completed within `timeout`.
bool connect_within(int fd, const IpAddress& address, std::uint16_t port,
                    std::chrono::milliseconds timeout)
{
  const auto sa = to_sockaddr(address, port);
  if (::connect(fd, sa.get(), sa.size) == 0) {
    return true;
  }
  if (errno != EINPROGRESS) {
    return false;
  }
  pollfd wait{fd, POLLOUT, 0};
  if (::poll(&wait, 1, static_cast<int>(timeout.count())) != 1) {
    return false;
  }
  int error = 0;
  socklen_t size = sizeof error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
  return error == 0;
}

} // namespace

Fd listen_tcp(const IpAddress& address, std::uint16_t port, int backlog)
{
  auto fd = bound_socket(SOCK_STREAM, address, port, "listen");
  if (::listen(fd.get(), backlog) != 0) {
    bind_failed("listen", address, port);
  }
  return fd;
}

Fd bind_udp(const IpAddress& address, std::uint16_t port)
{
  return bound_socket(SOCK_DGRAM, address, port, "bind UDP");
}

std::uint16_t local_port(int fd)
{
  sockaddr_storage sa{};
  socklen_t size = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &size);
  return sa.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&sa)->sin6_port)
                                  : ntohs(reinterpret_cast<sockaddr_in*>(&sa)->sin_port);
}

Fd connect_tcp(const IpAddress& address, std::uint16_t port, std::chrono::milliseconds timeout)
{
  Fd fd(::socket(family_of(address), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd || !connect_within(fd.get(), address, port, timeout)) {
    return Fd();
  }
  const int flags = ::fcntl(fd.get(), F_GETFL);
  ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

std::vector<Fd> fill_accept_queue(const IpAddress& address, std::uint16_t port)
{
  // With backlog 0 the queue holds one connection; Linux drops SYNs once it is full
  // (tcp_conn_request: "sk_acceptq_is_full → drop"), syncookies or not. The last attempt,
  // left pending, is what proves the queue is full; it is closed at once.
  std::vector<Fd> held;
  for (int attempt = 0; attempt < 64; ++attempt) {
    Fd fd(::socket(family_of(address), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd || !connect_within(fd.get(), address, port, std::chrono::milliseconds(50))) {
      return held;
    }
    held.push_back(std::move(fd));
  }
  throw core::InputError(fmt::format("cannot fill the accept queue of {} (drop fault)",
                                     with_port(address, port)));
}

std::uint64_t raise_fd_limit()
{
  // The lab serves every connection it is offered: as many descriptors as the hard limit allows.
  return core::fit_open_file_limit(std::numeric_limits<std::size_t>::max() / 4, 1, 0);
}

bool send_all(int fd, const void* data, std::size_t size)
{
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const auto n = ::send(fd, bytes, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace emready::lab::net
