#pragma once

#include "emready/lab/net/connections.hpp"
#include "emready/lab/net/fd.hpp"
#include "emready/lab/net/log.hpp"
#include "emready/lab/scenario/host_table.hpp"

namespace emready::lab::dns {

// What the DNS responder needs; owned by the server.
struct DnsService
{
  const scenario::HostTable* hosts = nullptr;
  net::Connections* connections = nullptr;
  const net::EventLog* log = nullptr;
};

// Answers every datagram waiting on the non-blocking UDP socket `fd`.
void answer_udp(int fd, const DnsService& service);

// Serves one DNS-over-TCP client (RFC 1035 §4.2.2: two-byte length prefix) until it closes.
void serve_dns_tcp_connection(net::Fd fd, const DnsService& service);

} // namespace emready::lab::dns
