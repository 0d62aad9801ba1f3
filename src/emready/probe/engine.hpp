#pragma once

#include "emready/dns/address_class.hpp"
#include "emready/dns/answer.hpp"
#include "emready/probe/probe.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace emready::probe {

// One host to check and the ports to probe on it.
struct HostRequest
{
  std::string host;
  std::vector<std::uint16_t> ports;
  std::vector<std::uint16_t> mqtt_alpn_ports; // ports where ALPN x-amzn-mqtt-ca is offered
};

// Everything the engine needs besides the hosts.
struct EngineOptions
{
  Timeouts timeouts;
  std::optional<std::chrono::milliseconds> deadline; // for the whole run
  std::size_t concurrency = 512;                     // probes in flight at once
  bool ipv4 = true;
  bool ipv6 = true;
  std::vector<std::string> dns_servers;              // empty: the system's
  std::vector<dns::Network> accepted;                // answers treated as public (labs)
  std::optional<ProxySettings> proxy;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> port_map; // endpoint → connected port
};

// What the engine saw for one host.
struct HostObservation
{
  std::string host;
  bool proxied = false;               // the proxy resolves: no local DNS
  std::vector<dns::Answer> answers;   // one per family asked (empty through a proxy)
  std::vector<Observation> probes;    // one per (address or tunnel) × port, in start order
  bool dns_finished = false;          // false when the deadline came first
};

// Progress: probes and lookups done, out of those known so far.
using ProgressSink = std::function<void(std::size_t done, std::size_t total)>;

// Resolves every host (c-ares) and probes every address × port (libcurl multi + OpenSSL),
// all in one event loop on this thread. Never throws for network failures: they are data.
std::vector<HostObservation> run_engine(const std::vector<HostRequest>& hosts,
                                        const EngineOptions& options, const TrustStore& trust,
                                        const ProgressSink& progress = {});

} // namespace emready::probe
