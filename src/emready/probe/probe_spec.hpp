#pragma once

#include "emready/check/observation.hpp"
#include "emready/core/port_map.hpp"
#include "emready/dns/address_class.hpp"
#include "emready/probe/proxy_settings.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emready::probe {

using Clock = std::chrono::steady_clock;

// Per-phase time limits.
struct Timeouts
{
  std::chrono::milliseconds dns{3000};
  std::chrono::milliseconds tcp{5000};
  std::chrono::milliseconds tls{5000};
};

// What to probe: one address of a host (or the host through a proxy) on one port.
struct ProbeSpec
{
  std::string host;                      // the name sent as SNI
  std::uint16_t port = 443;
  std::uint16_t connect_port = 443;      // where to connect (differs under a port map)
  std::string address;                   // "" when the proxy resolves
  int family = 0;
  std::string alpn;                      // offered in the ClientHello, "" for none
  const ProxySettings* proxy = nullptr;
  const std::string* bind_to = nullptr;  // CURLOPT_INTERFACE ("host!ADDR", "if!NAME"), or none
  std::size_t tag = 0;                   // the caller's index
  std::size_t order = 0;                 // position among the host's probes
  unsigned retries = 0;                  // times put back for want of a descriptor
};

// The probes of `request` (tagged `tag`): through `proxy`, one tunnel per port; otherwise
// every address of `answers` that is not a sinkhole (connecting to 0.0.0.0 reaches this
// machine and proves nothing) × every port, IPv4 first. ALPN follows the device rule
// (profile::device_alpn), the dialled port the port map. Pure.
std::vector<ProbeSpec> probes_for(const check::HostRequest& request, std::size_t tag,
                                  const std::vector<dns::Answer>& answers,
                                  const ProxySettings* proxy, const core::PortMap& port_map,
                                  const std::vector<dns::Network>& accepted);

// When each phase of one probe began, as far as it has got.
struct PhaseTimes
{
  Clock::time_point start;                   // the probe began (TCP connect)
  std::optional<Clock::time_point> tcp_up;   // TCP to the host (or the proxy) is up
  bool proxied = false;                      // a CONNECT tunnel comes between TCP and TLS
  std::optional<Clock::time_point> tunnel_up; // the proxy answered CONNECT
  std::optional<Clock::time_point> tls_start; // the ClientHello went out
  bool tls_done = false;
};

// The phase whose limit has passed at `now`, or Timeout::none. TCP has `tcp` from the start;
// a proxy must answer CONNECT within `tcp` of TCP being up (it connects upstream for us); the
// handshake has `tls` from the ClientHello (or from the link being ready). Pure.
check::Timeout overdue_phase(const PhaseTimes& times, const Timeouts& limits, Clock::time_point now);

} // namespace emready::probe
