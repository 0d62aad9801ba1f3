#pragma once

#include "emready/check/result.hpp"

#include <string>
#include <vector>

namespace emready::check {

// What the diagnosis needs besides the results.
struct DiagnosisContext
{
  std::vector<std::string> dns_servers; // the servers asked ("" list: the system's)
  bool environment_proxy = false;       // a proxy is configured in this workstation's
                                        // environment (HTTPS_PROXY, …) but was not used
};

// The few causes that explain the failures, most endpoints first; a cause needs two or
// more endpoints (one is the table's business). Failures no cause explains (as
// "host:port: verdict") are in `unexplained`. Pure.
std::vector<Cause> diagnose(const CheckResult& result, const DiagnosisContext& context,
                            std::vector<std::string>& unexplained);

} // namespace emready::check
