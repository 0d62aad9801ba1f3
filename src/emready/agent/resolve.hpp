#pragma once

#include "emready/dns/answer.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace emready::agent {

// Looks `host`'s A record up with c-ares and waits for the answer (the agent is sequential,
// like a device's boot). `servers` as for `check --dns-server`.
dns::Answer resolve_ipv4(const std::string& host, const std::vector<std::string>& servers,
                         std::chrono::milliseconds timeout);

} // namespace emready::agent
