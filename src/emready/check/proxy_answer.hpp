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
// Besides Squid, answers documented by their products are read by what they mean
// (check/proxy_signatures.hpp: RFC 9209 Proxy-Status, tinyproxy, Privoxy, Apache httpd): a
// 404 "No such domain" from Privoxy is a name failure beyond the proxy, not a denial; a
// client refused by the proxy's own ACL gets no host rule (`client_refused`).
// Squid's codes: squid-cache.org, "Squid error pages" (errors/templates, X-Squid-Error).
Finding classify_proxy_answer(const ProxyObservation& proxy);

// What a SOCKS proxy's refusal means: the far side's failure when the reply names it
// (refused, unreachable, TTL expired), a denial when its rules forbid the connection.
Finding classify_socks_failure(const ProxyObservation& proxy);

} // namespace emready::check
