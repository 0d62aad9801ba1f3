#include "emready/report/compliance.hpp"

#include "emready/report/check_report.hpp"
#include "emready/report/method.hpp"
#include "emready/report/security_facts.hpp"

#include <fmt/format.h>

namespace emready::report {

namespace {

void write_agents(const check::CheckResult& result, std::ostream& out)
{
  out << "## Agents\n\n| agent | result | failing required hosts |\n|---|---|---|\n";
  for (const auto& agent : result.agents) {
    out << fmt::format("| {} | {} | {} |\n", agent.agent, agent.ready ? "ready" : "**not ready**",
                       agent.failed_required.empty() ? "-" : fmt::format("{}", fmt::join(agent.failed_required, ", ")));
  }
  out << '\n';
}

void write_endpoints(const check::CheckResult& result, std::ostream& out)
{
  out << "## Endpoints\n\n| host | port | needed by | verdict | evidence |\n|---|---|---|---|---|\n";
  for (const auto& host : result.hosts) {
    for (const auto& port : host.ports) {
      std::string evidence;
      for (const auto& line : port.finding.evidence) {
        evidence += (evidence.empty() ? "" : "; ") + line;
      }
      if (port.finding.verdict != check::Verdict::ok && host.finding.verdict == check::Verdict::ok) {
        evidence += "; not needed: another port of this host works";
      }
      if (!host.route.empty()) {
        evidence += "; route: " + host.route_text();
      }
      for (const auto& warning : host.warnings) {
        evidence += "; warning: " + warning;
      }
      out << fmt::format("| {} | {} | {}{} | {} | {} |\n", host.target->host, port.port,
                         fmt::join(host.target->agents(), ", "),
                         host.target->required() ? "" : " (conditional)",
                         check::to_string(port.finding.verdict), markdown_cell(evidence));
    }
  }
  out << '\n';
}

} // namespace

std::string markdown_cell(std::string text)
{
  for (auto& c : text) {
    if (c == '|' || c == '\n') {
      c = c == '|' ? '/' : ' ';
    }
  }
  return text;
}

void write_markdown_closing(const RunFacts& facts, std::ostream& out)
{
  if (!facts.profiles.empty()) {
    out << "## Profiles\n\n";
    for (const auto& line : facts.profiles) {
      out << "- " << line << '\n';
    }
    out << '\n';
  }
  const auto& brochure = security_facts();
  out << fmt::format("## Appendix: {}\n\n_{}_ Source: {}.\n\n", brochure.title, brochure.disclaimer, brochure.source);
  for (const auto& statement : brochure.statements) {
    out << fmt::format("- **{}:** {}\n", statement.topic, statement.text);
  }
}

void write_compliance(const check::CheckResult& result, const RunFacts& facts, std::ostream& out)
{
  out << "# Canon eMaintenance network readiness\n\n";
  out << fmt::format("**Result: {}**\n\n", result.ready() ? "READY" : "NOT READY");
  out << fmt::format("- Checked: {} from `{}` with emready {}\n", facts.when, facts.machine, facts.version);
  out << fmt::format("- Method: DNS lookups ({}), then a TCP connect and a TLS handshake to every "
                     "address and port, {}\n",
                     result.probed_ipv4 && result.probed_ipv6 ? "A, AAAA"
                     : result.probed_ipv4                     ? "A only: -4"
                                                              : "AAAA only: -6",
                     !result.pac.empty() ? "each endpoint routed as the PAC file " + result.pac + " says"
                     : result.proxy.empty() ? "directly"
                                            : "through proxy " + result.proxy);
  for (const auto& note : method_notes(result)) {
    out << "- " << note << '\n';
  }
  out << fmt::format("- Time limits: {}\n", facts.timeouts);
  out << fmt::format("- Certificates judged against: {}\n", result.trust);
  if (!facts.dns.empty()) {
    out << fmt::format("- DNS: {}\n", facts.dns);
  }
  if (!facts.command_line.empty()) {
    out << fmt::format("- Command: `{}`\n", facts.command_line);
  }
  if (!facts.lab_overrides.empty()) {
    out << fmt::format("- **Not a production check:** lab settings shaped this result ({})\n",
                       fmt::join(facts.lab_overrides, "; "));
  }
  out << '\n';
  if (!result.diagnosis.empty()) {
    out << "## Diagnosis\n\n";
    for (const auto& cause : result.diagnosis) {
      out << fmt::format("- **{}.** Fix: {}. Explains: {}.\n", cause.summary, cause.action,
                         fmt::join(cause.endpoints, ", "));
    }
    if (!result.unexplained.empty()) {
      out << fmt::format("- Also failing, on their own: {}.\n", fmt::join(result.unexplained, ", "));
    }
    out << '\n';
  }
  write_agents(result, out);
  write_endpoints(result, out);
  if (!result.remedies.empty()) {
    out << "## What to change\n\n";
    for (const auto& remedy : result.remedies) {
      out << fmt::format("### {}{}\n\n{}. _Who:_ {}.\n\n", remedy.title,
                         remedy.allows() ? " (" + remedy.dialect + " rules)" : std::string(" (nothing to allow)"),
                         remedy.action, remedy.who);
      if (!remedy.endpoints.empty()) {
        out << fmt::format("_{}:_ {}\n\n", remedy.allows() ? "Fixes" : "Endpoints", fmt::join(remedy.endpoints, ", "));
      }
      if (!remedy_rules_text(remedy).empty()) {
        out << fmt::format("```\n{}```\n\n", remedy_rules_text(remedy));
      }
      if (!remedy.bypass_hosts.empty()) {
        out << fmt::format("_Exclude from TLS inspection:_ {}\n\n", fmt::join(remedy.bypass_hosts, ", "));
      }
    }
  }
  write_markdown_closing(facts, out);
}

} // namespace emready::report
