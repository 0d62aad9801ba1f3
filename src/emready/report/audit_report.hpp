#pragma once

#include "emready/report/style.hpp"
#include "emready/rules/audit.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

namespace emready::report {

// `emready audit` for a person: the coverage table, per-agent readiness, findings, and the
// missing rules as a block to paste.
void print_audit(const rules::AuditResult& result, const Style& style, std::ostream& out);

// `emready audit --format json`.
nlohmann::json audit_json(const rules::AuditResult& result);

// The proposed rules as JSON (shared by `audit` and `rules`).
nlohmann::json proposals_json(const std::vector<rules::ProposedRule>& proposals);

// "file:line" of a rule, for tables and messages.
std::string rule_origin(const rules::Rule& rule);

// A target's port clauses: "443", "443|8883", "443,8883".
std::string ports_text(const plan::Target& target);

// "covered", "NOT COVERED", "port not covered (conditional)", …
std::string status_text(const rules::TargetCoverage& item);

// The rule allowing each port ("443: .amazonaws.com (list.txt:3)"), or why none does; "-".
std::string evidence_text(const rules::AuditResult& result, const rules::TargetCoverage& item);

} // namespace emready::report
