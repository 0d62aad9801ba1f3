#pragma once

#include "emready/lab/net/address.hpp"
#include "emready/lab/net/fd.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

namespace emready::lab::net {

// A non-blocking TCP listener on `address`:`port` (0: ephemeral). A bind failure is a
// core::InputError that says what to do (e.g. port_map for ports below 1024).
Fd listen_tcp(const IpAddress& address, std::uint16_t port, int backlog);

// A non-blocking UDP socket bound to `address`:`port`.
Fd bind_udp(const IpAddress& address, std::uint16_t port);

// The local port a socket is bound to.
std::uint16_t local_port(int fd);

// A blocking TCP connection to `address`:`port`, or an empty Fd when it is refused or does
// not complete within `timeout`.
Fd connect_tcp(const IpAddress& address, std::uint16_t port, std::chrono::milliseconds timeout);

// Fills the accept queue of a backlog-0 listener that is never accepted, so Linux drops
// further SYNs and clients' connects time out. The connections are returned to be held.
std::vector<Fd> fill_accept_queue(const IpAddress& address, std::uint16_t port);

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
std::uint64_t raise_fd_limit();

// Writes all of `data`; false when the peer is gone.
bool send_all(int fd, const void* data, std::size_t size);

} // namespace emready::lab::net
