#include "emready/report/audit_formats.hpp"
#include "emready/report/audit_report.hpp"
#include "emready/report/junit.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace emready::report {

namespace {

// One requirement: what one agent needs of one host on one port clause.
struct Case
{
  std::string name; // "host:443" or "host:443|8883"
  const rules::TargetCoverage* item = nullptr;
  const plan::Need* need = nullptr;
  bool met = false;
  std::string covered_by; // the rule that allows the clause, "file:line: entry"
};

std::vector<Case> cases_of(const rules::AuditResult& result, const std::string& agent)
{
  std::vector<Case> out;
  for (const auto& item : result.coverage) {
    for (const auto& need : item.target->needs) {
      if (need.agent != agent) {
        continue;
      }
      for (const auto& clause : need.clauses) {
        Case one{fmt::format("{}:{}", item.target->host, fmt::join(clause, "|")), &item, &need, false, ""};
        for (const auto& port : item.ports) {
          if (port.rule && std::find(clause.begin(), clause.end(), port.port) != clause.end() && !one.met) {
            const auto& rule = result.allowlist.rules[*port.rule];
            one.met = true;
            one.covered_by = fmt::format("{}: {} (port {})", rule_origin(rule), rule.entry, port.port);
          }
        }
        out.push_back(std::move(one));
      }
    }
  }
  return out;
}

bool is_failure(const Case& item)
{
  return !item.met && item.need->required;
}

bool is_skipped(const Case& item)
{
  return !item.met && !item.need->required;
}

// Why the clause is not met, in one line.
std::string reason(const rules::AuditResult& result, const Case& item)
{
  if (item.item->host_rules.empty()) {
    return fmt::format("no rule of {} matches {}", result.allowlist.file, item.item->target->host);
  }
  const auto& rule = result.allowlist.rules[item.item->host_rules.front()];
  return fmt::format("{} matches the host ({}) but not on port {}", rule.entry, rule_origin(rule),
                     item.name.substr(item.item->target->host.size() + 1));
}

// The proposed rule that covers the case's host, in the audit's dialect.
std::string fix_for(const rules::AuditResult& result, const Case& item)
{
  for (const auto& proposal : result.proposals) {
    if (std::find(proposal.hosts.begin(), proposal.hosts.end(), item.item->target->host) != proposal.hosts.end()) {
      return fmt::format("add to the allow-list ({}): {}", result.dialect->info().name, proposal.entry);
    }
  }
  return "";
}

} // namespace

void write_audit_junit(const rules::AuditResult& result, const RunFacts& facts, std::ostream& out)
{
  std::vector<std::vector<Case>> suites;
  std::size_t tests = 0;
  std::size_t failures = 0;
  for (const auto& agent : result.agents) {
    suites.push_back(cases_of(result, agent.agent));
    tests += suites.back().size();
    failures += static_cast<std::size_t>(std::count_if(suites.back().begin(), suites.back().end(), is_failure));
  }
  const auto timestamp = junit_timestamp(facts.when);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"emready audit\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0.000\">\n",
                     tests + 1, failures, result.allowlist.unmodelled.empty() ? 0 : 1);
  for (std::size_t i = 0; i < result.agents.size(); ++i) {
    const auto& agent = result.agents[i].agent;
    const auto& cases = suites[i];
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
                       "time=\"0.000\" timestamp=\"{}\" hostname=\"{}\">\n",
                       xml_escape(agent), cases.size(), std::count_if(cases.begin(), cases.end(), is_failure),
                       std::count_if(cases.begin(), cases.end(), is_skipped), xml_escape(timestamp),
                       xml_escape(facts.machine));
    out << "    <properties>\n";
    out << fmt::format("      <property name=\"allowlist\" value=\"{}\"/>\n", xml_escape(facts.allowlist));
    out << fmt::format("      <property name=\"dialect\" value=\"{}\"/>\n", xml_escape(result.dialect->info().name));
    out << fmt::format("      <property name=\"started_at\" value=\"{}\"/>\n", xml_escape(facts.when));
    for (const auto& finding : result.findings) {
      const auto& rule = result.allowlist.rules[finding.rule];
      out << fmt::format("      <property name=\"warning\" value=\"{}\"/>\n",
                         xml_escape(fmt::format("{}: {} '{}' {}", rule_origin(rule), rules::to_string(finding.kind),
                                                rule.entry, finding.message)));
    }
    out << "    </properties>\n";
    for (const auto& item : cases) {
      out << fmt::format("    <testcase classname=\"emready.audit.{}\" name=\"{}\" time=\"0.000\">\n",
                         xml_escape(agent), xml_escape(item.name));
      const auto status = std::string(rules::to_string(item.item->status));
      if (is_failure(item)) {
        out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                           xml_escape(status + ": " + reason(result, item)), xml_escape(status),
                           xml_escape(reason(result, item) + "\n" + fix_for(result, item) + "\n"));
      } else if (is_skipped(item)) {
        out << fmt::format("      <skipped message=\"{}\"/>\n",
                           xml_escape(fmt::format("needed only when: {} ({}: {})", item.need->condition, status,
                                                  reason(result, item))));
      } else {
        out << fmt::format("      <system-out>{}</system-out>\n", xml_escape("allowed by " + item.covered_by + "\n"));
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  // The list itself: a statement emready does not model leaves "covered" unproven.
  const auto& unmodelled = result.allowlist.unmodelled;
  out << fmt::format("  <testsuite name=\"allow-list\" tests=\"1\" failures=\"0\" errors=\"{}\" skipped=\"0\" "
                     "time=\"0.000\" timestamp=\"{}\" hostname=\"{}\">\n",
                     unmodelled.empty() ? 0 : 1, xml_escape(timestamp), xml_escape(facts.machine));
  out << "    <testcase classname=\"emready.audit.allowlist\" name=\"every statement is modelled\" time=\"0.000\">\n";
  if (!unmodelled.empty()) {
    std::string body;
    for (const auto& item : unmodelled) {
      body += fmt::format("{}:{}: {}\n  {}\n", item.location.file, item.location.line, item.statement, item.why);
    }
    out << fmt::format("      <error message=\"{}\" type=\"not-proven\">{}</error>\n",
                       xml_escape(fmt::format("{} emready does not model: covered is not proven",
                                              unmodelled.size() == 1 ? "1 statement" : std::to_string(unmodelled.size()) + " statements")),
                       xml_escape(body));
  }
  out << "    </testcase>\n  </testsuite>\n";
  out << "</testsuites>\n";
}

} // namespace emready::report
