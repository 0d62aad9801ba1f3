#include "emready/report/audit_report.hpp"

#include "emready/core/plural.hpp"
#include "emready/report/table.hpp"

#include <fmt/format.h>
#include <sstream>

namespace emready::report {

namespace {

using Status = rules::TargetCoverage::Status;

void print_findings(const rules::AuditResult& result, const Style& style, std::ostream& out)
{
  if (result.findings.empty()) {
    return;
  }
  out << '\n' << style.bold("Warnings about the allow-list:") << '\n';
  for (const auto& finding : result.findings) {
    const auto& rule = result.allowlist.rules[finding.rule];
    out << fmt::format("  {}: {} '{}' {}\n", rule_origin(rule),
                       style.warn(rules::to_string(finding.kind)), rule.entry, finding.message);
  }
}

} // namespace

std::string rule_origin(const rules::Rule& rule)
{
  return fmt::format("{}:{}", rule.location.file, rule.location.line);
}

std::string ports_text(const plan::Target& target)
{
  std::vector<std::string> parts;
  for (const auto& clause : target.clauses()) {
    parts.push_back(fmt::format("{}", fmt::join(clause, "|")));
  }
  return fmt::format("{}", fmt::join(parts, ","));
}

std::string status_text(const rules::TargetCoverage& item)
{
  const bool conditional = !item.target->required();
  switch (item.status) {
  case Status::covered:
    return "covered";
  case Status::port_not_covered:
    return conditional ? "port not covered (conditional)" : "PORT NOT COVERED";
  case Status::not_covered:
    return conditional ? "not covered (conditional)" : "NOT COVERED";
  }
  return "?";
}

std::string evidence_text(const rules::AuditResult& result, const rules::TargetCoverage& item)
{
  const auto& rules = result.allowlist.rules;
  std::vector<std::string> parts;
  for (const auto& port : item.ports) {
    if (port.rule) {
      const auto& rule = rules[*port.rule];
      parts.push_back(fmt::format("{}: {} ({})", port.port, rule.entry, rule_origin(rule)));
    }
  }
  if (item.status == Status::port_not_covered && parts.empty()) {
    const auto& rule = rules[item.host_rules.front()];
    parts.push_back(fmt::format("host matches {} ({}) on ports {}", rule.entry,
                                rule_origin(rule), fmt::join(rule.ports, ",")));
  }
  return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, "; "));
}

void print_audit(const rules::AuditResult& result, const Style& style, std::ostream& out)
{
  const auto& list = result.allowlist;
  out << fmt::format("Allow-list {} read as {} ({}): {}", list.file, result.dialect->info().name,
                     result.dialect->info().title, core::counted(list.rules.size(), "rule"));
  if (list.ignored_lines > 0) {
    out << fmt::format(", {} skipped", core::counted(list.ignored_lines, "other configuration line"));
  }
  out << "\n\n";
  const bool routes = !result.evaluated_routes.empty();
  Table table(routes ? std::vector<std::string>{"HOST", "PORTS", "STATUS", "PAC ROUTE", "RULE"}
                     : std::vector<std::string>{"HOST", "PORTS", "STATUS", "RULE"});
  for (std::size_t i = 0; i < result.coverage.size(); ++i) {
    const auto& item = result.coverage[i];
    const auto status = status_text(item);
    const auto shown = item.status == Status::covered ? style.good(status)
                       : item.target->required()      ? style.bad(status)
                                                      : style.warn(status);
    std::vector<std::string> plain{item.target->host, ports_text(*item.target), status,
                                   evidence_text(result, item)};
    if (routes) {
      plain.insert(plain.begin() + 3, result.evaluated_routes[i]);
    }
    auto styled = plain;
    styled[2] = shown;
    table.add(plain, styled);
  }
  table.print(out);
  if (routes) {
    out << style.dim("PAC ROUTE: what FindProxyForURL answers when the file is run (" +
                     result.evaluation_note + ")")
        << '\n';
  }
  out << '\n';
  for (const auto& agent : result.agents) {
    out << fmt::format("  {:<14} {}", agent.agent,
                       agent.ready ? style.good("ready") : style.bad("NOT READY"));
    if (!agent.ready) {
      out << fmt::format(" ({} required endpoint{} not covered)", agent.missing_hosts.size(),
                         agent.missing_hosts.size() == 1 ? "" : "s");
    }
    out << '\n';
  }
  print_findings(result, style, out);
  if (!result.proven()) {
    out << '\n'
        << style.bad(fmt::format("Not proven: {} emready does not model; the product may block what the rules "
                                 "allow (exit 4):",
                                 core::counted(result.allowlist.unmodelled.size(), "statement")))
        << '\n';
    for (const auto& item : result.allowlist.unmodelled) {
      out << fmt::format("  {}:{}: {}\n    {}\n", item.location.file, item.location.line, item.statement, item.why);
    }
  }
  if (!result.proposals.empty()) {
    out << '\n'
        << style.bold(fmt::format("Missing rules ({}), ready to paste:", result.dialect->info().name))
        << '\n';
    std::ostringstream block;
    result.dialect->write(rules::rule_block(result, "Missing rules"), block);
    out << block.str();
  }
}

nlohmann::json proposals_json(const std::vector<rules::ProposedRule>& proposals)
{
  auto out = nlohmann::json::array();
  for (const auto& p : proposals) {
    out.push_back({{"rule", p.entry},
                   {"kind", p.wildcard ? "wildcard" : "exception"},
                   {"hosts", p.hosts},
                   {"ports", p.ports}});
    if (!p.comment.empty()) {
      out.back()["comment"] = p.comment;
    }
  }
  return out;
}

namespace {

nlohmann::json unmodelled_json(const rules::AuditResult& result)
{
  auto out = nlohmann::json::array();
  for (const auto& item : result.allowlist.unmodelled) {
    out.push_back({{"file", item.location.file},
                   {"line", item.location.line},
                   {"column", item.location.column},
                   {"statement", item.statement},
                   {"why", item.why}});
  }
  return out;
}

} // namespace

nlohmann::json audit_json(const rules::AuditResult& result)
{
  const auto& rules = result.allowlist.rules;
  const auto rule_json = [&](std::size_t i) {
    return nlohmann::json{{"rule", rules[i].entry},
                          {"file", rules[i].location.file},
                          {"line", rules[i].location.line},
                          {"column", rules[i].location.column}};
  };
  auto endpoints = nlohmann::json::array();
  for (std::size_t i = 0; i < result.coverage.size(); ++i) {
    const auto& item = result.coverage[i];
    const auto& t = *item.target;
    nlohmann::json j{{"host", t.host},       {"ports", t.ports},
                     {"port_clauses", t.clauses()}, {"required", t.required()},
                     {"agents", t.agents()}, {"status", rules::to_string(item.status)}};
    if (!t.required()) {
      j["conditions"] = t.conditions();
    }
    j["covered_ports"] = nlohmann::json::object();
    for (const auto& port : item.ports) {
      j["covered_ports"][std::to_string(port.port)] =
        port.rule ? rule_json(*port.rule) : nlohmann::json(nullptr);
    }
    if (!result.evaluated_routes.empty()) {
      j["pac_route"] = result.evaluated_routes[i];
    }
    endpoints.push_back(std::move(j));
  }
  auto agents = nlohmann::json::array();
  for (const auto& a : result.agents) {
    agents.push_back({{"agent", a.agent}, {"ready", a.ready}, {"missing", a.missing_hosts}});
  }
  auto findings = nlohmann::json::array();
  for (const auto& f : result.findings) {
    auto j = rule_json(f.rule);
    j["kind"] = rules::to_string(f.kind);
    j["message"] = f.message;
    findings.push_back(std::move(j));
  }
  std::ostringstream paste;
  if (!result.proposals.empty()) {
    result.dialect->write(rules::rule_block(result, "Missing rules"), paste);
  }
  nlohmann::json out{{"allowlist", result.allowlist.file},
          {"dialect", result.dialect->info().name},
          {"rules_read", rules.size()},
          {"ignored_lines", result.allowlist.ignored_lines},
          {"ready", result.ready()},
          {"proven", result.proven()},
          {"unmodelled", unmodelled_json(result)},
          {"endpoints", endpoints},
          {"agents", agents},
          {"warnings", findings},
          {"missing_rules", proposals_json(result.proposals)},
          {"tls_inspection_bypass", result.no_inspection_hosts},
          {"paste", paste.str()}};
  if (!result.evaluation_note.empty()) {
    out["pac_evaluation"] = result.evaluation_note;
  }
  return out;
}

} // namespace emready::report
