#pragma once

#include "emready/dns/answer.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace emready::probe {

// Looks `host` up (A for family 4, AAAA for 6) with c-ares and waits for the answer: for
// callers that are sequential by nature (the lab agent, a PAC file's dnsResolve).
// `servers` as for `check --dns-server` (empty: the system's).
dns::Answer lookup(const std::string& host, int family, const std::vector<std::string>& servers,
                   std::chrono::milliseconds timeout);

// The same for many hosts at once (all in flight together: the wait is the slowest one's),
// answers in the order of `hosts`.
std::vector<dns::Answer> lookup_all(const std::vector<std::string>& hosts, int family,
                                    const std::vector<std::string>& servers,
                                    std::chrono::milliseconds timeout);

} // namespace emready::probe
