#pragma once

#include "emready/check/result.hpp"
#include "emready/rules/audit.hpp"

#include <string>
#include <vector>

namespace emready::report {

// One line per agent, for a terminal while the report goes to a file (-o):
// "cca ready", "erds NOT READY: 1 required host failing (b01.ugwdevice.net)".
std::vector<std::string> check_summary(const check::CheckResult& result);

// The same for an audit: "cca: every required endpoint allowed", "erds NOT READY: …".
std::vector<std::string> audit_summary(const rules::AuditResult& result);

} // namespace emready::report
