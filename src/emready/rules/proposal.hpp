#pragma once

#include "emready/rules/coverage.hpp"
#include "emready/rules/dialect.hpp"

#include <string>
#include <vector>

namespace emready::rules {

// The smallest set of rules, in `dialect`, that closes every gap in `coverage`: for each
// host, Canon's recommended wildcard (a domain from `recommended_domains`) when the dialect's
// wildcard covers it, else the shallowest deeper wildcard that does, else the exact host.
// Hosts sharing a rule are grouped; wildcards come first, then the exceptions. Only the
// first (preferred) port of each unmet clause is proposed.
std::vector<ProposedRule> propose(const Dialect& dialect,
                                  const std::vector<TargetCoverage>& coverage,
                                  const std::vector<std::string>& recommended_domains);

// The domains of the recommended rules of every profile behind `targets` ("srv.ygles.com").
std::vector<std::string> recommended_domains(const std::vector<const profile::Profile*>& profiles);

// The hosts that must be excluded from TLS inspection (mutual TLS), in target order.
std::vector<std::string> no_inspection_hosts(const std::vector<plan::Target>& targets);

} // namespace emready::rules
