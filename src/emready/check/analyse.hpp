#pragma once

#include "emready/check/device_family.hpp"
#include "emready/check/result.hpp"
#include "emready/check/observation.hpp"

namespace emready::check {

// How observations are judged.
struct Judging
{
  std::vector<dns::Network> accepted;       // DNS answers in these networks are genuine (labs)
  DeviceFamily devices = DeviceFamily::ipv4; // the family that decides readiness
};

// One host's result: DNS and probe verdicts per port and for the host (pure: no I/O). Only
// the devices' family decides; the other family's results are information. Takes the
// observation by value: its probes move into the result.
HostResult judge_host(const plan::Target& target, HostObservation seen, const Judging& judging);

// The hosts' results: DNS and probe verdicts per port and per host (pure: no I/O).
std::vector<HostResult> judge_hosts(const std::vector<plan::Target>& targets,
                                    const std::vector<HostObservation>& observations,
                                    const Judging& judging);

// The verdict of a port over its probes: ok when every address of a family the devices use
// works (through a proxy: every tunnel). The other family's outcome is added as evidence.
Finding judge_port(const std::vector<ProbeResult>& probes, DeviceFamily devices);

// Readiness per agent, the missing rules in `dialect` and the TLS-inspection bypass list.
CheckResult analyse(std::vector<HostResult> hosts, const std::vector<const profile::Profile*>& profiles,
                    const rules::Dialect& dialect);

} // namespace emready::check
