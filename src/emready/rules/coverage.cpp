#include "emready/rules/coverage.hpp"

#include "emready/rules/rule_index.hpp"

#include <algorithm>

namespace emready::rules {

std::vector<std::uint16_t> TargetCoverage::allowed_ports() const
{
  std::vector<std::uint16_t> out;
  for (const auto& port : ports) {
    if (port.rule) {
      out.push_back(port.port);
    }
  }
  return out;
}

std::vector<plan::PortClause> TargetCoverage::unmet_clauses() const
{
  std::vector<plan::PortClause> out;
  const auto allowed = allowed_ports();
  for (const auto& clause : target->clauses()) {
    if (!plan::meets({clause}, allowed)) {
      out.push_back(clause);
    }
  }
  return out;
}

const char* to_string(TargetCoverage::Status status)
{
  switch (status) {
  case TargetCoverage::Status::covered:
    return "covered";
  case TargetCoverage::Status::port_not_covered:
    return "port-not-covered";
  case TargetCoverage::Status::not_covered:
    return "not-covered";
  }
  return "?";
}

std::vector<TargetCoverage> cover(const std::vector<plan::Target>& targets,
                                  const std::vector<Rule>& rules)
{
  const RuleIndex index(rules);
  std::vector<TargetCoverage> out;
  for (const auto& target : targets) {
    TargetCoverage coverage{&target, TargetCoverage::Status::not_covered,
                            index.matching(target.host), {}};
    for (const auto port : target.ports) {
      TargetCoverage::Port entry{port, std::nullopt};
      const auto it = std::find_if(coverage.host_rules.begin(), coverage.host_rules.end(),
                                   [&](std::size_t i) { return rules[i].allows_port(port); });
      if (it != coverage.host_rules.end()) {
        entry.rule = *it;
      }
      coverage.ports.push_back(entry);
    }
    if (plan::meets(target.clauses(), coverage.allowed_ports())) {
      coverage.status = TargetCoverage::Status::covered;
    } else if (!coverage.host_rules.empty()) {
      coverage.status = TargetCoverage::Status::port_not_covered;
    }
    out.push_back(std::move(coverage));
  }
  return out;
}

std::vector<AgentReadiness> agent_readiness(const std::vector<TargetCoverage>& coverage)
{
  std::vector<AgentReadiness> out;
  for (const auto& item : coverage) {
    const auto allowed = item.allowed_ports();
    for (const auto& need : item.target->needs) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const AgentReadiness& r) { return r.agent == need.agent; });
      if (it == out.end()) {
        out.push_back({need.agent, true, {}});
        it = std::prev(out.end());
      }
      if (need.required && !plan::meets(need.clauses, allowed)) {
        it->ready = false;
        it->missing_hosts.push_back(item.target->host);
      }
    }
  }
  return out;
}

} // namespace emready::rules
