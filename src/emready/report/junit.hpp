#pragma once

#include "emready/check/result.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace emready::report {

// JUnit XML for CI systems: one testsuite per agent, one testcase per requirement (a host
// and one of its port clauses: "host:443", or "host:443|8883" when either port will do), so
// a ready site never fails CI. A clause no port meets is a <failure> (type = the verdict,
// message = its first evidence, body = all of it) when required, <skipped> with its
// condition when conditional; a met clause's failing port is told in <system-out>. Times on
// every testcase and testsuite, timestamp and hostname on each testsuite, totals on
// testsuites. Validated against tests/data/junit.xsd (see there).
void write_junit(const check::CheckResult& result, std::ostream& out);

// "2026-02-01T09:30:00Z" → "2026-02-01T09:30:00": JUnit's timestamp has no zone (Ant writes
// local time; ours is UTC, said in the testsuites' properties).
std::string junit_timestamp(const std::string& rfc3339);

// `text` with XML's five special characters escaped (and control characters dropped).
std::string xml_escape(std::string_view text);

} // namespace emready::report
