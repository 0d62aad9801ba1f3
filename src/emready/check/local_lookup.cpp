#include "emready/check/local_lookup.hpp"

#include <fmt/format.h>

namespace emready::check {

namespace {

bool reported_beyond(const Finding& finding)
{
  return finding.beyond_proxy &&
         (layer_of(finding.verdict) == Layer::dns || finding.verdict == Verdict::proxy_upstream_failed);
}

} // namespace

bool wants_local_lookup(const HostResult& host)
{
  if (!host.proxied) {
    return false;
  }
  for (const auto& port : host.ports) {
    if (reported_beyond(port.finding)) {
      return true;
    }
  }
  return false;
}

void add_local_lookup(HostResult& host, const dns::Answer& local)
{
  const auto note =
    local.addresses.empty()
      ? fmt::format("this machine's DNS cannot resolve it either ({} for the {} query)",
                    dns::to_string(local.status), local.family == 6 ? "AAAA" : "A")
      : fmt::format("this machine's DNS resolves it to {}: the proxy's resolver disagrees with this "
                    "machine's (split DNS, or a filter on the proxy's resolver)",
                    fmt::join(local.addresses, ", "));
  for (auto& port : host.ports) {
    if (reported_beyond(port.finding)) {
      const auto at = port.finding.evidence.empty() ? port.finding.evidence.end()
                                                    : port.finding.evidence.begin() + 1;
      port.finding.evidence.insert(at, note);
    }
  }
  if (reported_beyond(host.finding)) {
    const auto at = host.finding.evidence.empty() ? host.finding.evidence.end() : host.finding.evidence.begin() + 1;
    host.finding.evidence.insert(at, note);
  }
}

} // namespace emready::check
