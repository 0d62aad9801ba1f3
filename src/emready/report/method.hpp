#pragma once

#include "emready/check/result.hpp"

#include <string>
#include <vector>

namespace emready::report {

// Sentences every report puts near its top, so no reader takes a result for more than it
// is: which address family decided readiness, and whether the proxy was this
// workstation's own (from the environment) rather than the one the printers are given.
std::vector<std::string> method_notes(const check::CheckResult& result);

// "IPv4 and IPv6", "IPv4 only", …: the families that were resolved and probed.
std::string probed_families(const check::CheckResult& result);

} // namespace emready::report
