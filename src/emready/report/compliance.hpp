#pragma once

#include "emready/check/result.hpp"

#include <ostream>

namespace emready::report {

// Facts about the run that an auditor wants next to the results.
struct RunFacts
{
  std::string when;    // UTC, ISO 8601
  std::string machine; // host name of the machine that ran the check
  std::string version; // emready's
  std::string timeouts; // e.g. "DNS 3 s, TCP 5 s, TLS 5 s"
};

// A Markdown report for change records and auditors: verdict, method, per-agent readiness,
// every endpoint with its evidence, and the rules to add.
void write_compliance(const check::CheckResult& result, const RunFacts& facts, std::ostream& out);

} // namespace emready::report
