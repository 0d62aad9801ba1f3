// The audit's records for change records and auditors: Markdown and self-contained HTML.
#include "emready/report/audit_formats.hpp"
#include "emready/report/audit_report.hpp"
#include "emready/report/html_page.hpp"
#include "emready/report/html_report.hpp"

#include <fmt/format.h>
#include <sstream>

namespace emready::report {

namespace {

// What the record says, once for both formats.
struct Record
{
  bool ready = false;
  std::vector<std::pair<std::string, std::string>> method; // what, value
  std::vector<std::vector<std::string>> agents;           // agent, result, missing
  std::vector<std::vector<std::string>> endpoints;        // host, ports, needed by, status, rule
  std::vector<bool> endpoint_failing;
  std::vector<std::string> warnings;
  std::string paste; // the rules to add, "" when none
  std::vector<std::string> bypass; // hosts to exclude from TLS inspection
  std::vector<std::string> unmodelled; // "file:line: statement — why"
};

Record record_of(const rules::AuditResult& result, const RunFacts& facts)
{
  Record out;
  out.ready = result.ready();
  const auto& info = result.dialect->info();
  const auto& list = result.allowlist;
  out.method = {
    {"Audited", fmt::format("{} on {} with emready {}", facts.when, facts.machine, facts.version)},
    {"Command", facts.command_line},
    {"Allow-list", facts.allowlist},
    {"Read as", fmt::format("{} ({}): {}", info.name, info.title, info.matching)},
    {"Rules read", fmt::format("{}{}", list.rules.size(),
                               list.ignored_lines > 0 ? fmt::format(", {} other configuration lines skipped",
                                                                    list.ignored_lines)
                                                      : "")},
    {"Method", "Offline: every endpoint the agents need was matched against the rules as the product "
               "matches names. No traffic was sent: a covered endpoint can still fail in the network "
               "(DNS filters, TLS inspection, the servers), which `emready check` tests."},
  };
  if (!info.unconfirmed.empty()) {
    out.method.emplace_back("Not confirmed from vendor documentation", std::string(info.unconfirmed));
  }
  if (!result.evaluation_note.empty()) {
    out.method.emplace_back("PAC file", "FindProxyForURL was also run for every endpoint, " + result.evaluation_note);
  }
  for (const auto& agent : result.agents) {
    out.agents.push_back({agent.agent, agent.ready ? "ready" : "NOT READY",
                          agent.missing_hosts.empty() ? "-" : fmt::format("{}", fmt::join(agent.missing_hosts, ", "))});
  }
  for (std::size_t i = 0; i < result.coverage.size(); ++i) {
    const auto& item = result.coverage[i];
    auto rule = evidence_text(result, item);
    if (!result.evaluated_routes.empty()) {
      rule += "; PAC route: " + result.evaluated_routes[i];
    }
    out.endpoints.push_back({item.target->host, ports_text(*item.target),
                             fmt::format("{}{}", fmt::join(item.target->agents(), ", "),
                                         item.target->required() ? "" : " (conditional)"),
                             status_text(item), rule});
    out.endpoint_failing.push_back(item.status != rules::TargetCoverage::Status::covered);
  }
  for (const auto& finding : result.findings) {
    const auto& rule = list.rules[finding.rule];
    out.warnings.push_back(fmt::format("{}: {} '{}' {}", rule_origin(rule), rules::to_string(finding.kind), rule.entry,
                                       finding.message));
  }
  if (!result.proposals.empty()) {
    auto block = rules::rule_block(result, "Missing rules");
    block.no_inspection_hosts.clear(); // said apart: it holds whether or not a rule is missing
    std::ostringstream paste;
    result.dialect->write(block, paste);
    out.paste = paste.str();
  }
  out.bypass = result.no_inspection_hosts;
  for (const auto& item : list.unmodelled) {
    out.unmodelled.push_back(fmt::format("{}:{}: {} — {}", item.location.file, item.location.line, item.statement,
                                         item.why));
  }
  return out;
}

} // namespace

void write_audit_markdown(const rules::AuditResult& result, const RunFacts& facts, std::ostream& out)
{
  const auto record = record_of(result, facts);
  out << "# Canon eMaintenance allow-list audit\n\n";
  out << fmt::format("**Result: {}**\n\n", !record.ready              ? "NOT READY"
                                            : record.unmodelled.empty() ? "every required endpoint is allowed"
                                                                        : "NOT PROVEN");
  for (const auto& [what, value] : record.method) {
    out << fmt::format("- {}: {}\n", what, value);
  }
  if (!facts.lab_overrides.empty()) {
    out << fmt::format("- **Not a production audit:** {}\n", fmt::join(facts.lab_overrides, "; "));
  }
  out << "\n## Agents\n\n| agent | result | required endpoints not allowed |\n|---|---|---|\n";
  for (const auto& row : record.agents) {
    out << fmt::format("| {} | {} | {} |\n", row[0], row[1] == "ready" ? "ready" : "**NOT READY**", markdown_cell(row[2]));
  }
  out << "\n## Endpoints\n\n| host | ports | needed by | status | rule |\n|---|---|---|---|---|\n";
  for (const auto& row : record.endpoints) {
    out << fmt::format("| {} | {} | {} | {} | {} |\n", row[0], row[1], row[2], row[3], markdown_cell(row[4]));
  }
  out << '\n';
  if (!record.unmodelled.empty()) {
    out << "## Not proven\n\nThe list has statements emready does not model; the product may block what the "
           "rules allow:\n\n";
    for (const auto& line : record.unmodelled) {
      out << "- " << line << '\n';
    }
    out << '\n';
  }
  if (!record.warnings.empty()) {
    out << "## Warnings about the allow-list\n\n";
    for (const auto& warning : record.warnings) {
      out << "- " << warning << '\n';
    }
    out << '\n';
  }
  if (!record.paste.empty()) {
    out << fmt::format("## Rules to add ({})\n\n```\n{}```\n\n", result.dialect->info().name, record.paste);
  }
  if (!record.bypass.empty()) {
    out << fmt::format("## Exclude from TLS inspection\n\nThese hosts authenticate the device with its own "
                       "certificate (mutual TLS), which inspection breaks: {}.\n\n",
                       fmt::join(record.bypass, ", "));
  }
  write_markdown_closing(facts, out);
}

void write_audit_html(const rules::AuditResult& result, const RunFacts& facts, std::ostream& out)
{
  const auto record = record_of(result, facts);
  const auto e = [](std::string_view text) { return html_escape(text); };
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>Canon eMaintenance allow-list audit — " << e(result.allowlist.file) << " — " << e(facts.when)
      << "</title>\n<style>" << html_style() << "</style>\n</head>\n<body>\n"
      << "<h1>Canon eMaintenance allow-list audit</h1>\n"
      << fmt::format("<p><span class=\"result {}\">Result: {}</span></p>\n",
                     record.ready && record.unmodelled.empty() ? "ready" : "not-ready",
                     !record.ready ? "NOT READY" : record.unmodelled.empty() ? "READY" : "NOT PROVEN");
  if (!record.unmodelled.empty()) {
    out << "<h2>Not proven</h2>\n<p class=\"warning\">The list has statements emready does not model; the product "
           "may block what the rules allow.</p>\n<ul>\n";
    for (const auto& line : record.unmodelled) {
      out << "<li>" << e(line) << "</li>\n";
    }
    out << "</ul>\n";
  }
  if (!facts.lab_overrides.empty()) {
    out << fmt::format("<p class=\"warning\"><b>Not a production audit:</b> {}.</p>\n",
                       e(fmt::format("{}", fmt::join(facts.lab_overrides, "; "))));
  }
  out << "<h2>Result per agent</h2>\n<table><thead><tr><th>agent</th><th>result</th><th>required endpoints not "
         "allowed</th></tr></thead><tbody>\n";
  for (const auto& row : record.agents) {
    out << fmt::format("<tr class=\"{}\"><td>{}</td><td class=\"verdict\">{}</td><td>{}</td></tr>\n",
                       row[1] == "ready" ? "ok" : "failing", e(row[0]), e(row[1]), e(row[2]));
  }
  out << "</tbody></table>\n<h2>Endpoints</h2>\n<table><thead><tr><th>host</th><th>ports</th><th>needed "
         "by</th><th>status</th><th>rule</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < record.endpoints.size(); ++i) {
    const auto& row = record.endpoints[i];
    out << fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"verdict\">{}</td><td>{}</td></tr>\n",
                       record.endpoint_failing[i] ? "failing" : "ok", e(row[0]), e(row[1]), e(row[2]), e(row[3]),
                       e(row[4]));
  }
  out << "</tbody></table>\n";
  if (!record.warnings.empty()) {
    out << "<h2>Warnings about the allow-list</h2>\n<ul>\n";
    for (const auto& warning : record.warnings) {
      out << "<li>" << e(warning) << "</li>\n";
    }
    out << "</ul>\n";
  }
  if (!record.paste.empty()) {
    out << fmt::format("<h2>Rules to add ({})</h2>\n<pre>{}</pre>\n", e(result.dialect->info().name), e(record.paste));
  }
  if (!record.bypass.empty()) {
    out << "<h2>Exclude from TLS inspection</h2>\n<p>These hosts authenticate the device with its own certificate "
           "(mutual TLS), which inspection breaks:</p>\n<pre>";
    for (const auto& host : record.bypass) {
      out << e(host) << '\n';
    }
    out << "</pre>\n";
  }
  out << "<h2>Method</h2>\n<table><tbody>\n";
  for (const auto& [what, value] : record.method) {
    out << fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", e(what), e(value));
  }
  out << "</tbody></table>\n";
  if (!facts.profiles.empty()) {
    out << "<h2>Profiles</h2>\n<ul>\n";
    for (const auto& line : facts.profiles) {
      out << "<li>" << e(line) << "</li>\n";
    }
    out << "</ul>\n";
  }
  write_html_appendix(out);
  out << "</body>\n</html>\n";
}

} // namespace emready::report
