#pragma once

#include "emready/check/result.hpp"
#include "emready/report/style.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

namespace emready::report {

// The human report: per agent one line per endpoint (verdict, layer, evidence), readiness,
// then the missing rules and the TLS-inspection bypass list.
void print_check(const check::CheckResult& result, const Style& style, std::ostream& out);

// The machine report: every endpoint with its verdict, per-address observations with
// timings and evidence, per-agent readiness and the missing rules.
nlohmann::json check_json(const check::CheckResult& result);

// The missing rules and bypass list of `result`, written in `dialect`'s native syntax.
std::string missing_rules_text(const check::CheckResult& result, const rules::Dialect& dialect);

} // namespace emready::report
