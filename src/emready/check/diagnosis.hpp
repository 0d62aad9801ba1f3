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

// A clock off by more than this explains certificates that look expired or not yet valid.
inline constexpr long long k_clock_skew_limit_s = 60;

// "2 h 5 min", "3 days", "90 s": a clock difference as a person says it.
std::string duration_text(long long seconds);

// The few causes that explain the failures, most endpoints first; a cause needs two or
// more endpoints (one is the table's business), except a clock skew (result.clock over
// k_clock_skew_limit_s), which comes first and explains every expired or not-yet-valid
// certificate. Failures no cause explains (as
// "host:port: verdict") are in `unexplained`. Pure.
std::vector<Cause> diagnose(const CheckResult& result, const DiagnosisContext& context,
                            std::vector<std::string>& unexplained);

} // namespace emready::check
