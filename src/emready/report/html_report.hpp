#pragma once

#include "emready/check/result.hpp"
#include "emready/report/compliance.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace emready::report {

// The compliance report as one self-contained HTML file (inline CSS, no scripts, no
// external requests), readable on screen and printed on A4 (headers repeated, no row split
// across pages). In order: the result per agent, the diagnosis, every endpoint with its
// evidence, the rules to add and the TLS-inspection bypass list as copyable blocks, the
// method (lab overrides flagged as not a production check), profile provenance, and the
// brochure's statements on what eM sends and stores. Every dynamic string is escaped.
void write_check_html(const check::CheckResult& result, const RunFacts& facts, std::ostream& out);

// `text` with HTML's special characters escaped (& < > " ').
std::string html_escape(std::string_view text);

} // namespace emready::report
