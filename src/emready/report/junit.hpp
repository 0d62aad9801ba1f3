#pragma once

#include "emready/check/result.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace emready::report {

// JUnit XML for CI systems: one testsuite per agent, one testcase per endpoint (host:port);
// a failing required endpoint is a <failure> carrying the verdict, a failing conditional one
// is <skipped> with the condition's reason.
void write_junit(const check::CheckResult& result, std::ostream& out);

// `text` with XML's five special characters escaped (and control characters dropped).
std::string xml_escape(std::string_view text);

} // namespace emready::report
