#include "emready/check/analyse.hpp"

#include "emready/check/remedy.hpp"
#include "emready/rules/proposal.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace emready::check {

namespace {

bool all_ok(const std::vector<const ProbeResult*>& probes)
{
  return !probes.empty() && std::all_of(probes.begin(), probes.end(), [](const auto* probe) {
           return probe->finding.verdict == Verdict::ok;
         });
}

const ProbeResult* first_failure(const std::vector<const ProbeResult*>& probes)
{
  for (const auto* probe : probes) {
    if (probe->finding.verdict != Verdict::ok) {
      return probe;
    }
  }
  return nullptr;
}

// A failure of some of a family's addresses, worded so the admin sees it is partial.
Finding partial(const std::vector<const ProbeResult*>& family, const ProbeResult& failure)
{
  auto finding = failure.finding;
  const auto failed = std::count_if(family.begin(), family.end(), [](const auto* probe) {
    return probe->finding.verdict != Verdict::ok;
  });
  if (family.size() > 1) {
    // After the failure's own first line: a one-line view (the text table) shows the cause.
    const auto at = finding.evidence.empty() ? finding.evidence.begin() : finding.evidence.begin() + 1;
    finding.evidence.insert(at, fmt::format("{} of {} IPv{} addresses fail", failed, family.size(),
                                            failure.observation.family));
  }
  return finding;
}

// DNS as the devices see it: only their family's answers decide; an address of the other
// family alone is said, so the admin knows why a resolving host fails.
Finding judge_dns(const std::vector<dns::Answer>& answers, const Judging& judging,
                  std::vector<std::string>& warnings)
{
  if (judging.devices == DeviceFamily::dual) {
    return classify_dns(answers, judging.accepted, warnings);
  }
  std::vector<dns::Answer> theirs;
  std::vector<dns::Answer> others;
  for (const auto& answer : answers) {
    (serves_devices(judging.devices, answer.family) ? theirs : others).push_back(answer);
  }
  auto finding = classify_dns(theirs, judging.accepted, warnings);
  if (finding.verdict != Verdict::ok) {
    std::vector<std::string> ignored;
    const auto other = classify_dns(others, judging.accepted, ignored);
    if (other.verdict == Verdict::ok && !other.evidence.empty()) {
      finding.evidence.push_back(fmt::format("{} over {} only, but the devices use {}: they will not connect",
                                             other.evidence.front(),
                                             judging.devices == DeviceFamily::ipv4 ? "IPv6" : "IPv4",
                                             describe(judging.devices)));
    }
  }
  return finding;
}

} // namespace

HostResult judge_host(const plan::Target& target, HostObservation seen, const Judging& judging)
{
  HostResult host;
  host.target = &target;
  host.proxied = seen.proxied;
  if (seen.proxied) {
    host.dns = {Verdict::ok, {"resolved by the proxy"}, ""};
  } else {
    host.dns = judge_dns(seen.answers, judging, host.warnings);
  }
  host.answers = std::move(seen.answers);
  host.route = std::move(seen.route);
  host.route_failovers = std::move(seen.route_failovers);
  for (const auto port : target.ports) {
    PortResult result{port, host.dns, {}};
    for (auto& observation : seen.probes) {
      if (observation.port == port) {
        auto finding = classify_probe(observation);
        result.probes.push_back({std::move(observation), std::move(finding)});
      }
    }
    if (host.dns.verdict == Verdict::ok) {
      result.finding = judge_port(result.probes, judging.devices);
    }
    host.ports.push_back(std::move(result));
  }
  const auto working = host.working_ports();
  if (plan::meets(target.clauses(), working)) {
    host.finding = {Verdict::ok, {}, ""};
    return host;
  }
  for (const auto& port : host.ports) {
    if (port.finding.verdict != Verdict::ok) {
      host.finding = port.finding;
      break;
    }
  }
  return host;
}

std::vector<std::uint16_t> HostResult::working_ports() const
{
  std::vector<std::uint16_t> out;
  for (const auto& port : ports) {
    if (port.finding.verdict == Verdict::ok) {
      out.push_back(port.port);
    }
  }
  return out;
}

std::string HostResult::route_text() const
{
  if (route.empty()) {
    return "";
  }
  std::string text = route + " (PAC";
  for (const auto& failover : route_failovers) {
    text += "; " + failover;
  }
  return text + ")";
}

bool CheckResult::ready() const
{
  return std::all_of(agents.begin(), agents.end(), [](const auto& agent) { return agent.ready; });
}

Finding judge_port(const std::vector<ProbeResult>& probes, DeviceFamily devices)
{
  if (probes.empty()) {
    return {Verdict::not_run, {"not probed before the run's deadline"}, ""};
  }
  std::vector<const ProbeResult*> v4;
  std::vector<const ProbeResult*> v6;
  for (const auto& probe : probes) {
    (probe.observation.family == 6 ? v6 : v4).push_back(&probe);
  }
  if (probes.front().observation.family == 0) {
    devices = DeviceFamily::dual; // the proxy chooses the family: its tunnels are the path
  }
  const auto serves = [devices](const std::vector<const ProbeResult*>& family) {
    return !family.empty() && serves_devices(devices, family.front()->observation.family);
  };
  for (const auto* family : {&v4, &v6}) {
    if (!serves(*family) || !all_ok(*family)) {
      continue;
    }
    auto finding = family->front()->finding;
    const auto* other = family == &v4 ? &v6 : &v4;
    if (const auto* failure = first_failure(*other)) {
      finding.evidence.push_back(
        serves(*other)
          ? fmt::format("IPv{} fails ({}); devices using it will not connect",
                        failure->observation.family, to_string(failure->finding.verdict))
          : fmt::format("IPv{} fails ({}); information only: the devices use {}",
                        failure->observation.family, to_string(failure->finding.verdict),
                        describe(devices)));
    }
    return finding;
  }
  const auto& family = serves(v4) ? v4 : v6;
  if (!serves(family)) {
    return {Verdict::dns_no_address,
            {fmt::format("no address of the devices' family ({}) was probed", describe(devices))},
            ""};
  }
  auto finding = partial(family, *first_failure(family));
  const auto& other = &family == &v4 ? v6 : v4;
  if (all_ok(other)) {
    finding.evidence.push_back(fmt::format("IPv{} works, but the devices use {}: they will not connect",
                                           other.front()->observation.family, describe(devices)));
  }
  return finding;
}

std::vector<HostResult> judge_hosts(const std::vector<plan::Target>& targets,
                                    const std::vector<HostObservation>& observations,
                                    const Judging& judging)
{
  std::vector<HostResult> out;
  for (std::size_t i = 0; i < targets.size() && i < observations.size(); ++i) {
    out.push_back(judge_host(targets[i], observations[i], judging));
  }
  return out;
}

namespace {

std::vector<AgentResult> agent_results(const std::vector<HostResult>& hosts,
                                       const std::vector<const profile::Profile*>& profiles)
{
  std::vector<AgentResult> out;
  for (const auto* profile : profiles) {
    AgentResult agent{profile->agent, true, {}, {}};
    for (const auto& host : hosts) {
      for (const auto& need : host.target->needs) {
        if (need.agent != agent.agent || plan::meets(need.clauses, host.working_ports())) {
          continue;
        }
        (need.required ? agent.failed_required : agent.failed_conditional).push_back(host.target->host);
      }
    }
    agent.ready = agent.failed_required.empty();
    out.push_back(std::move(agent));
  }
  return out;
}

// The hosts as an allow-list audit sees them: a port counts as allowed unless its verdict
// says traffic is blocked, so rules are proposed only where a rule is what is missing.
std::vector<rules::TargetCoverage> as_coverage(const std::vector<HostResult>& hosts)
{
  std::vector<rules::TargetCoverage> out;
  for (const auto& host : hosts) {
    rules::TargetCoverage coverage;
    coverage.target = host.target;
    for (const auto& port : host.ports) {
      const bool blocked = allow_rule_fixes(port.finding);
      coverage.ports.push_back({port.port, blocked ? std::nullopt : std::optional<std::size_t>(0)});
    }
    coverage.status = coverage.unmet_clauses().empty() ? rules::TargetCoverage::Status::covered
                                                       : rules::TargetCoverage::Status::not_covered;
    out.push_back(std::move(coverage));
  }
  return out;
}

} // namespace

CheckResult analyse(std::vector<HostResult> hosts, const std::vector<const profile::Profile*>& profiles,
                    const rules::Dialect& dialect)
{
  CheckResult result;
  result.dialect = std::string(dialect.info().name);
  result.agents = agent_results(hosts, profiles);
  result.missing_rules =
    rules::propose(dialect, as_coverage(hosts), rules::recommended_domains(profiles));
  std::vector<plan::Target> targets;
  for (const auto& host : hosts) {
    for (const auto& port : host.ports) {
      if (needs_inspection_bypass(port.finding.verdict)) {
        result.interception_seen = true;
        if (std::find(result.bypass_hosts.begin(), result.bypass_hosts.end(), host.target->host) ==
            result.bypass_hosts.end()) {
          result.bypass_hosts.push_back(host.target->host);
        }
      }
    }
    targets.push_back(*host.target);
  }
  if (result.interception_seen) {
    // Mutual-TLS hosts break under inspection even where it was not seen this time.
    for (const auto& host : rules::no_inspection_hosts(targets)) {
      if (std::find(result.bypass_hosts.begin(), result.bypass_hosts.end(), host) ==
          result.bypass_hosts.end()) {
        result.bypass_hosts.push_back(host);
      }
    }
  }
  result.hosts = std::move(hosts);
  result.remedies = remedies(result, dialect, profiles);
  return result;
}

} // namespace emready::check
