#pragma once

#include "emready/core/error.hpp"
#include "emready/core/port_map.hpp"

#include "emready/lab/net/address.hpp"
#include "emready/lab/scenario/fault.hpp"
#include "emready/rules/rule.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace emready::lab::scenario {

// One served host name and how the lab treats it.
struct HostSpec
{
  std::string name;                                   // lower-case, no trailing dot
  net::IpAddress address;                             // the lab address its listeners bind
  std::optional<net::IpAddress> address6;             // an IPv6 address they also bind
  std::vector<std::uint16_t> ports;                   // endpoint ports (before port_map)
  DnsFault dns = DnsFault::none;
  std::optional<std::vector<net::IpAddress>> answers; // `addresses`: answered instead of `address`
  TlsFault tls = TlsFault::ok;                        // every port not in `tls_by_port`
  std::map<std::uint16_t, TlsFault> tls_by_port;
  unsigned delay_ms = 1000;                           // for TlsFault::delay
  unsigned chain_length = 10;                         // for TlsFault::large_chain

  // The fault of endpoint port `port`.
  TlsFault fault_on(std::uint16_t port) const;

  // The addresses its listeners bind: `address`, then `address6` when given.
  std::vector<net::IpAddress> listen_addresses() const;
};

// The optional HTTP CONNECT proxy.
struct ProxySpec
{
  std::uint16_t port = 0;
  std::optional<rules::AllowList> allowlist; // none: every host:port is allowed
  std::string dialect = "plain";
  std::string auth;                          // "user:secret", "" for none
  std::string product = "emready-lab";       // Server header and Via comment
  ProxyFault fault = ProxyFault::none;       // how it misbehaves when it would tunnel
  unsigned delay_ms = 1000;                  // for ProxyFault::trickle_header
};

// The services' settings (the HTTPS API on every listener that completes a handshake).
struct ServicesSpec
{
  std::string root_token; // pinned root tenant token; "" = the stored or a random one
  unsigned first_request_ms = 10000; // a client's first exchange must complete within it
  unsigned max_connections = 4096;   // connections served at once
};

// A whole scenario file, validated against the profile catalog.
struct Scenario
{
  std::string file;
  std::vector<std::string> agents;                 // whose hosts are served
  net::IpAddress address_base = net::IpAddress::v4(0x7f010000);
  net::IpAddress listen = net::IpAddress::v4(0x7f000001); // DNS and proxy
  std::uint16_t dns_port = 0;
  core::PortMap port_map;                          // endpoint port → listened port
  std::vector<HostSpec> hosts;                     // profile hosts, then extra hosts
  std::optional<ProxySpec> proxy;
  ServicesSpec services;

  // The port actually listened on for endpoint port `port`.
  std::uint16_t mapped(std::uint16_t port) const;

  // "443=10443,8883=18883", "" when there is no map.
  std::string port_map_text() const;

  // Where the scenario set what a listener uses: "agents", "listen", "dns_port",
  // "proxy.port", "port_map.443". A port that cannot be listened on is reported there.
  std::map<std::string, core::SourceLocation> origins;

  // `error` (a listener that could not be opened) at the line that chose its port: for
  // endpoint port `endpoint_port`, its port_map entry or else the agents line.
  core::InputError located(const core::InputError& error, const std::string& key) const;
  core::InputError located_endpoint(const core::InputError& error, std::uint16_t endpoint_port) const;
};

} // namespace emready::lab::scenario
