#pragma once

#include "emready/check/observation.hpp"
#include "emready/core/port_map.hpp"
#include "emready/dns/address_class.hpp"
#include "emready/probe/probe_spec.hpp"
#include "emready/probe/proxy_settings.hpp"
#include "emready/probe/trust_store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace emready::probe {

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
  // Per request (same index), when not empty: the proxy of each host, nullopt = direct,
  // instead of `proxy` and its NO_PROXY (a PAC file's choice).
  std::vector<std::optional<ProxySettings>> host_proxies;
  core::PortMap port_map;                            // endpoint port → dialled port
  std::string source_address;                        // send from this address ("" = any)
  std::string interface;                             // or through this interface
};

// libcurl's CURLOPT_INTERFACE for `options`: "host!ADDR" (--source-address), "if!NAME"
// (--interface), or "" for the system's choice.
std::string curl_interface(const EngineOptions& options);


// Progress: probes and lookups done, out of those known so far.
using ProgressSink = std::function<void(std::size_t done, std::size_t total)>;

// Receives each host's observation as soon as everything about it is known (in any order);
// `index` is its position in the request list. Lets the caller judge and drop raw
// observations as they come, so memory follows what is in flight, not what has finished.
using HostSink = std::function<void(std::size_t index, check::HostObservation observation)>;

// Resolves every host (c-ares) and probes every address × port (libcurl connects, OpenSSL
// handshakes with one shared context), all in one event loop on this thread. Never throws
// for network failures: they are data. Every host reaches `sink` exactly once.
void run_engine(const std::vector<check::HostRequest>& hosts, const EngineOptions& options,
                const TrustStore& trust, const HostSink& sink, const ProgressSink& progress = {});

// The same, collecting the observations in request order.
std::vector<check::HostObservation> run_engine(const std::vector<check::HostRequest>& hosts,
                                               const EngineOptions& options,
                                               const TrustStore& trust,
                                               const ProgressSink& progress = {});

} // namespace emready::probe
