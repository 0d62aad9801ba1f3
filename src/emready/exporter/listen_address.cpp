#include "emready/exporter/listen_address.hpp"

#include "emready/core/error.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace emready::exporter {

namespace {

bool is_loopback(const std::string& address)
{
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  return ::inet_pton(AF_INET6, address.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::uint16_t parse_port(const std::string& text, const std::string& whole, const std::string& option)
{
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(text) > 65535) {
    throw core::InputError(fmt::format("{} '{}': '{}' is not a port (0 to 65535)", option, whole, text));
  }
  return static_cast<std::uint16_t>(std::stoul(text));
}

} // namespace

std::string ListenAddress::text() const
{
  return address.find(':') != std::string::npos ? fmt::format("[{}]:{}", address, port)
                                                : fmt::format("{}:{}", address, port);
}

ListenAddress parse_listen_address(const std::string& text, const std::string& option)
{
  ListenAddress where;
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw core::InputError(fmt::format("{} '{}': write an IPv6 address as [ADDRESS]:PORT", option, text));
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      throw core::InputError(fmt::format("{} '{}': write an IPv6 address as [ADDRESS]:PORT", option, text));
    }
  } else {
    port = text;
  }
  where.port = parse_port(port, text, option);
  if (host.empty() || host == "localhost") {
    host = "127.0.0.1"; // a port alone never means every interface
  }
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) != 1 && ::inet_pton(AF_INET6, host.c_str(), &v6) != 1) {
    throw core::InputError(fmt::format("{} '{}': '{}' is not an IP address (use 127.0.0.1, ::1, or the "
                                       "address of one of this machine's interfaces)",
                                       option, text, host));
  }
  where.address = host;
  where.loopback = is_loopback(host);
  return where;
}

int open_listener(const ListenAddress& where, const std::string& option)
{
  sockaddr_storage storage{};
  socklen_t size = 0;
  if (where.address.find(':') != std::string::npos) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(where.port);
    ::inet_pton(AF_INET6, where.address.c_str(), &v6->sin6_addr);
    size = sizeof *v6;
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(where.port);
    ::inet_pton(AF_INET, where.address.c_str(), &v4->sin_addr);
    size = sizeof *v4;
  }
  const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw core::InputError(fmt::format("{} {}: cannot open a socket: {}", option, where.text(), std::strerror(errno)));
  }
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (storage.ss_family == AF_INET6) {
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), size) != 0 || ::listen(fd, 128) != 0) {
    const int error = errno;
    ::close(fd);
    throw core::InputError(fmt::format("{} {}: cannot listen: {}{}", option, where.text(), std::strerror(error),
                                       error == EADDRNOTAVAIL ? " (this machine has no such address)" : ""));
  }
  return fd;
}

} // namespace emready::exporter
