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
  std::string dns;      // the DNS servers asked, e.g. "the system's resolvers (/etc/resolv.conf)"
  std::vector<std::string> lab_overrides; // "--port-map 443=10443", …: not a production check
  std::vector<std::string> profiles;      // "cca: built-in, SHA-256 …"
  std::string command_line;               // redacted
  std::string allowlist;                  // audit: "FILE (SHA-256 …)"
};

// A Markdown report for change records and auditors: verdict, diagnosis, method (lab
// overrides flagged), per-agent readiness, every endpoint with its evidence, the rules to
// add, profile provenance, and the brochure's statements on what eM sends and stores.
void write_compliance(const check::CheckResult& result, const RunFacts& facts, std::ostream& out);

// How every Markdown record ends: profile provenance, then the brochure's statements.
void write_markdown_closing(const RunFacts& facts, std::ostream& out);

// `text` fit for a Markdown table cell ('|' and line breaks replaced).
std::string markdown_cell(std::string text);

} // namespace emready::report
