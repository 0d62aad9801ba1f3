#include "emready/cli/clock_check.hpp"

#include "emready/probe/server_clock.hpp"

#include <algorithm>

namespace emready::cli {

namespace {

bool out_of_date(check::Verdict verdict)
{
  return verdict == check::Verdict::tls_expired || verdict == check::Verdict::tls_not_yet_valid;
}

// Where to ask `host`'s server on `port` for its clock; nullopt when it cannot be asked.
std::optional<probe::ClockSource> source_of(const check::HostResult& host, const check::PortResult& port,
                                            const probe::EngineOptions& options)
{
  if (host.target->protocol != profile::Protocol::https || port.probes.empty()) {
    return std::nullopt; // an MQTT broker answers no HTTP
  }
  probe::ClockSource source;
  source.host = host.target->host;
  source.port = port.port;
  source.bind_to = probe::curl_interface(options);
  if (host.proxied) {
    if (!options.proxy) {
      return std::nullopt; // routed by a PAC file: its proxy is per host
    }
    source.proxy = &*options.proxy;
    return source;
  }
  const auto reached = std::find_if(port.probes.begin(), port.probes.end(),
                                    [](const auto& probe) { return probe.observation.tcp_connected; });
  if (reached == port.probes.end()) {
    return std::nullopt;
  }
  source.address = reached->observation.address;
  source.connect_port = reached->observation.connect_port;
  return source;
}

} // namespace

std::optional<check::ClockReading> compare_clocks(const check::CheckResult& result,
                                                  const probe::EngineOptions& options)
{
  std::vector<probe::ClockSource> healthy;
  std::vector<probe::ClockSource> dated;
  bool any_dated = false;
  for (const auto& host : result.hosts) {
    for (const auto& port : host.ports) {
      const bool ok = port.finding.verdict == check::Verdict::ok;
      any_dated = any_dated || out_of_date(port.finding.verdict);
      if (!ok && !out_of_date(port.finding.verdict)) {
        continue;
      }
      if (auto source = source_of(host, port, options)) {
        (ok ? healthy : dated).push_back(std::move(*source));
      }
    }
  }
  if (!any_dated) {
    return std::nullopt;
  }
  healthy.insert(healthy.end(), dated.begin(), dated.end());
  const auto timeout = options.timeouts.tcp + options.timeouts.tls;
  for (std::size_t i = 0; i < healthy.size() && i < 3; ++i) {
    const auto date = probe::server_date(healthy[i], timeout);
    if (date.ok) {
      return check::ClockReading{date.url, static_cast<long long>(date.local) - static_cast<long long>(date.date),
                                 static_cast<long long>(date.date)};
    }
  }
  return std::nullopt;
}

} // namespace emready::cli
