#pragma once

#include "emready/check/result.hpp"
#include "emready/report/style.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

namespace emready::report {

// The human report: per agent one line per endpoint (verdict, layer, evidence), readiness,
// then the missing rules and the TLS-inspection bypass list.
// Failures come first; an ok row is one short line unless `verbose`; evidence wraps within
// the style's width.
void print_check(const check::CheckResult& result, const Style& style, std::ostream& out,
                 bool verbose = false);

// The machine report (schemas/check.schema.json): `head` (the document header and the
// options, built by the CLI), then every endpoint with its verdict, per-address observations
// with timings and evidence, per-agent readiness and the missing rules.
nlohmann::json check_json(const check::CheckResult& result, const nlohmann::json& head = {});

// Writes check_json(result, head).dump(2) and a newline, one endpoint at a time: the whole
// document is never held in memory (10,000 endpoints are tens of MiB as a JSON tree).
void write_check_json(const check::CheckResult& result, const nlohmann::json& head, std::ostream& out);

// The missing rules and bypass list of `result`, written in `dialect`'s native syntax.
std::string missing_rules_text(const check::CheckResult& result, const rules::Dialect& dialect);

// One remedy's rules in its dialect's native syntax, headed (where the dialect has
// comments) by where they go; "" when it has none.
std::string remedy_rules_text(const check::Remedy& remedy);

} // namespace emready::report
