#pragma once

#include "emready/check/classify.hpp"

namespace emready::check {

// What a proxy's non-2xx answer to CONNECT means, by what it says rather than "not 2xx":
//   407           → proxy-auth-required (the schemes offered; "credentials rejected" when
//                   some were sent), never a missing allow rule;
//   403, other    → proxy-denied: policy, the rule to add is on the proxy;
//   5xx           → the proxy could not reach the host: the far side's failure, named from
//                   Squid's X-Squid-Error where given (ERR_CONNECT_FAIL errno → tcp-refused,
//                   tcp-timeout, tcp-unreachable; ERR_DNS_FAIL → dns-nxdomain; …), else
//                   proxy-upstream-failed; always `beyond_proxy`, so no rule is proposed.
// Squid's codes: squid-cache.org, "Squid error pages" (errors/templates, X-Squid-Error).
Finding classify_proxy_answer(const ProxyObservation& proxy);

} // namespace emready::check
