#pragma once

#include "emready/check/result.hpp"
#include "emready/check/observation.hpp"

namespace emready::check {

// One host's result: DNS and probe verdicts per port and for the host (pure: no I/O). Takes
// the observation by value: its probes move into the result.
HostResult judge_host(const plan::Target& target, HostObservation seen,
                      const std::vector<dns::Network>& accepted);

// The hosts' results: DNS and probe verdicts per port and per host (pure: no I/O).
std::vector<HostResult> judge_hosts(const std::vector<plan::Target>& targets,
                                    const std::vector<HostObservation>& observations,
                                    const std::vector<dns::Network>& accepted);

// The verdict of a port over its probes: ok when every address of some family works.
Finding judge_port(const std::vector<ProbeResult>& probes);

// Readiness per agent, the missing rules in `dialect` and the TLS-inspection bypass list.
CheckResult analyse(std::vector<HostResult> hosts, const std::vector<const profile::Profile*>& profiles,
                    const rules::Dialect& dialect);

} // namespace emready::check
