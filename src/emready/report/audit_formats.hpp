#pragma once

#include "emready/report/compliance.hpp"
#include "emready/rules/audit.hpp"

#include <ostream>

namespace emready::report {

// `emready audit --format junit`: one testsuite per agent, one testcase per requirement (a
// host and one of its port clauses, as `check`'s JUnit), failing when no rule allows any
// port of the clause (type "not-covered" or "port-not-covered", message the one-line
// reason, body the rule that would cover it); conditional ones are <skipped> with their
// condition. Offline: every time is 0. Validated against tests/data/junit.xsd.
void write_audit_junit(const rules::AuditResult& result, const RunFacts& facts, std::ostream& out);

// The audit as a Markdown record for change records and auditors: the list read (file,
// SHA-256, dialect), result per agent, every endpoint with the rule that covers it, the
// warnings, the rules to add, profile provenance and the brochure's statements.
void write_audit_markdown(const rules::AuditResult& result, const RunFacts& facts, std::ostream& out);

// The same as one self-contained HTML file (report/html_page: inline CSS, no scripts).
void write_audit_html(const rules::AuditResult& result, const RunFacts& facts, std::ostream& out);

} // namespace emready::report
