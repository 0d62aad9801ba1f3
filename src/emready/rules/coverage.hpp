#pragma once

#include "emready/plan/target.hpp"
#include "emready/rules/rule.hpp"

#include <optional>
#include <string>
#include <vector>

namespace emready::rules {

// How one target fares against an allow-list.
struct TargetCoverage
{
  enum class Status
  {
    covered,          // every port clause has a rule
    port_not_covered, // rules match the host, but not on the ports it needs
    not_covered,      // no rule matches the host
  };

  // The first rule (in file order) that allows `port` to the host.
  struct Port
  {
    std::uint16_t port = 0;
    std::optional<std::size_t> rule;
  };

  const plan::Target* target = nullptr;
  Status status = Status::not_covered;
  std::vector<std::size_t> host_rules; // every rule matching the host, any port
  std::vector<Port> ports;             // one per target port

  // The target ports some rule allows.
  std::vector<std::uint16_t> allowed_ports() const;
  // The clauses of the target that no allowed port meets.
  std::vector<plan::PortClause> unmet_clauses() const;
};

// "covered", "port-not-covered", "not-covered".
const char* to_string(TargetCoverage::Status status);

// Coverage of every target by `rules`, using an index (no scan per host).
std::vector<TargetCoverage> cover(const std::vector<plan::Target>& targets,
                                  const std::vector<Rule>& rules);

// Whether each agent's required endpoints are all covered.
struct AgentReadiness
{
  std::string agent;
  bool ready = true;
  std::vector<std::string> missing_hosts; // required hosts not (fully) covered
};

// Readiness of every agent named in `coverage`, in first-seen order.
std::vector<AgentReadiness> agent_readiness(const std::vector<TargetCoverage>& coverage);

} // namespace emready::rules
