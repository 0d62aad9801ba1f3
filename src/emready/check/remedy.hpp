#pragma once

#include "emready/check/result.hpp"
#include "emready/profile/profile.hpp"
#include "emready/rules/dialect.hpp"

#include <vector>

namespace emready::check {

// The fixes `result` calls for, grouped by where they are made and who makes them: allow
// rules in the firewall, the DNS filter or the proxy, each in that device's terms, then the
// faults no allow rule fixes (certificates, TLS inspection, the resolver, the proxy's login
// or client list, the path to the proxy, the deadline). Only endpoints of unmet port
// clauses appear: a host that works on another port it may use needs no fix.
// A place's rules are written in `chosen` (the admin's --dialect) when it is that kind of
// device or a plain list, else in the kind's usual terms: a plain host list for a firewall,
// Squid for a proxy, a Cisco Umbrella destination list for a DNS filter. Pure.
// True when an allow rule in the firewall, DNS filter or proxy is the fix for `finding`
// (the traffic is blocked there), false for what answers wrongly, what the proxy reports
// beyond itself, a refused client, inspection and the rest. The one rule both the missing
// rules and the remedies follow.
bool allow_rule_fixes(const Finding& finding);

std::vector<Remedy> remedies(const CheckResult& result, const rules::Dialect& chosen,
                             const std::vector<const profile::Profile*>& profiles);

} // namespace emready::check
