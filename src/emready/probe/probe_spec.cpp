#include "emready/probe/probe_spec.hpp"

#include <algorithm>

namespace emready::probe {

namespace {

ProbeSpec spec_for(const check::HostRequest& request, std::size_t tag, std::uint16_t port,
                   const core::PortMap& port_map)
{
  ProbeSpec spec;
  spec.host = request.host;
  spec.port = port;
  spec.connect_port = port_map.mapped(port);
  spec.alpn = profile::device_alpn(request.protocol, port);
  spec.tag = tag;
  return spec;
}

} // namespace

std::vector<ProbeSpec> probes_for(const check::HostRequest& request, std::size_t tag,
                                  const std::vector<dns::Answer>& answers,
                                  const ProxySettings* proxy, const core::PortMap& port_map,
                                  const std::vector<dns::Network>& accepted)
{
  std::vector<ProbeSpec> out;
  if (proxy != nullptr) {
    for (const auto port : request.ports) {
      auto spec = spec_for(request, tag, port, port_map);
      spec.proxy = proxy;
      spec.order = out.size();
      out.push_back(std::move(spec));
    }
    return out;
  }
  std::vector<const dns::Answer*> ordered;
  for (const auto& answer : answers) {
    ordered.push_back(&answer);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* a, const auto* b) { return a->family < b->family; });
  for (const auto* answer : ordered) {
    for (const auto& address : answer->addresses) {
      if (dns::classify_address(address, accepted) == dns::AddressKind::sinkhole) {
        continue;
      }
      for (const auto port : request.ports) {
        auto spec = spec_for(request, tag, port, port_map);
        spec.address = address;
        spec.family = answer->family;
        spec.order = out.size();
        out.push_back(std::move(spec));
      }
    }
  }
  return out;
}

check::Timeout overdue_phase(const PhaseTimes& times, const Timeouts& limits, Clock::time_point now)
{
  if (times.tls_done) {
    return check::Timeout::none;
  }
  if (times.tls_start) {
    return now - *times.tls_start > limits.tls ? check::Timeout::tls : check::Timeout::none;
  }
  if (!times.tcp_up) {
    return now - times.start > limits.tcp ? check::Timeout::tcp : check::Timeout::none;
  }
  if (times.proxied && !times.tunnel_up) {
    return now - *times.tcp_up > limits.tcp ? check::Timeout::connect : check::Timeout::none;
  }
  const auto since = times.tunnel_up ? *times.tunnel_up : *times.tcp_up;
  return now - since > limits.tls ? check::Timeout::tls : check::Timeout::none;
}

} // namespace emready::probe
