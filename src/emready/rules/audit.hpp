#pragma once

#include "emready/profile/profile.hpp"
#include "emready/rules/coverage.hpp"
#include "emready/rules/dialect.hpp"
#include "emready/rules/lint.hpp"

#include <vector>

namespace emready::rules {

// Everything `emready audit` (and, with an empty list, `emready rules`) works out.
struct AuditResult
{
  const Dialect* dialect = nullptr;
  AllowList allowlist;
  std::vector<plan::Target> targets;
  std::vector<TargetCoverage> coverage; // points into `targets` (stable: never resized)
  std::vector<AgentReadiness> agents;
  std::vector<Finding> findings;
  std::vector<ProposedRule> proposals;  // the missing rules, wildcards first
  std::vector<std::string> no_inspection_hosts;
  // For a PAC file, per `coverage` entry: what FindProxyForURL answers when the file is run
  // ("DIRECT", "PROXY p:3128; DIRECT"); empty when not evaluated.
  std::vector<std::string> evaluated_routes;
  std::string evaluation_note; // how it was evaluated (offline: no DNS)

  // True when every required endpoint is covered.
  bool ready() const;

  // False when the list has statements emready does not model (AllowList::unmodelled):
  // then "covered" is what the rules read alone say, not proven of the product.
  bool proven() const { return allowlist.unmodelled.empty(); }
};

// Audits `allowlist`, read in `dialect`, against the endpoints of `profiles`.
AuditResult audit(const Dialect& dialect, AllowList allowlist,
                  const std::vector<const profile::Profile*>& profiles);

// The block of rules to paste, with a header naming the agents.
RuleBlock rule_block(const AuditResult& result, const std::string& what);

} // namespace emready::rules
