#include "emready/lab/dns/dns_server.hpp"

#include "emready/lab/dns/dns_answer.hpp"
#include "emready/lab/net/net.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>

namespace emready::lab::dns {

namespace {

// Reads exactly `size` bytes; false when the peer closed first.
bool read_exactly(int fd, std::uint8_t* data, std::size_t size)
{
  while (size > 0) {
    const auto n = ::recv(fd, data, size, 0);
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

void answer_udp(int fd, const DnsService& service)
{
  static thread_local std::array<std::uint8_t, 65535> buffer;
  for (;;) {
    sockaddr_storage peer{};
    socklen_t peer_size = sizeof peer;
    const auto n = ::recvfrom(fd, buffer.data(), buffer.size(), 0,
                              reinterpret_cast<sockaddr*>(&peer), &peer_size);
    if (n < 0) {
      return; // EAGAIN: all answered
    }
    const auto reply = answer_query({buffer.data(), static_cast<std::size_t>(n)}, *service.hosts);
    service.log->line(reply.summary);
    if (reply.wire) {
      ::sendto(fd, reply.wire->data(), reply.wire->size(), 0,
               reinterpret_cast<const sockaddr*>(&peer), peer_size);
    }
  }
}

void serve_dns_tcp_connection(net::Fd fd, const DnsService& service)
{
  const net::Watched watched(*service.connections, fd.get());
  std::vector<std::uint8_t> query;
  while (watched.ok()) {
    std::array<std::uint8_t, 2> prefix{};
    if (!read_exactly(fd.get(), prefix.data(), prefix.size())) {
      return;
    }
    query.resize(std::size_t{prefix[0]} << 8 | prefix[1]);
    if (!read_exactly(fd.get(), query.data(), query.size())) {
      return;
    }
    net::Connections::settle_this_connection();
    const auto reply = answer_query(query, *service.hosts, true);
    service.log->line("tcp " + reply.summary);
    if (!reply.wire) {
      continue; // the timeout fault: say nothing, like a dead server
    }
    std::vector<std::uint8_t> framed{static_cast<std::uint8_t>(reply.wire->size() >> 8),
                                     static_cast<std::uint8_t>(reply.wire->size() & 0xff)};
    framed.insert(framed.end(), reply.wire->begin(), reply.wire->end());
    if (!net::send_all(fd.get(), framed.data(), framed.size())) {
      return;
    }
  }
}

} // namespace emready::lab::dns
