#include "emready/report/html_report.hpp"

#include "emready/report/html_page.hpp"
#include "emready/plan/target.hpp"
#include "emready/report/check_report.hpp"
#include "emready/report/junit.hpp"
#include "emready/report/method.hpp"

#include <fmt/format.h>

namespace emready::report {

namespace {


std::string e(std::string_view text)
{
  return html_escape(text);
}

void write_agents(const check::CheckResult& result, std::ostream& out)
{
  out << "<h2>Result per agent</h2>\n<table><thead><tr><th>agent</th><th>result</th><th>failing required "
         "hosts</th><th>failing conditional hosts</th></tr></thead><tbody>\n";
  for (const auto& agent : result.agents) {
    out << fmt::format("<tr class=\"{}\"><td>{}</td><td class=\"verdict\">{}</td><td>{}</td><td>{}</td></tr>\n",
                       agent.ready ? "ok" : "failing", e(agent.agent), agent.ready ? "ready" : "NOT READY",
                       e(fmt::format("{}", fmt::join(agent.failed_required, ", "))),
                       e(fmt::format("{}", fmt::join(agent.failed_conditional, ", "))));
  }
  out << "</tbody></table>\n";
}

void write_diagnosis(const check::CheckResult& result, std::ostream& out)
{
  out << "<h2>Diagnosis</h2>\n";
  if (result.diagnosis.empty()) {
    out << "<p class=\"note\">No cause explains several failures at once"
        << (result.unexplained.empty() ? " (nothing failed)." : "; each failure is listed below.") << "</p>\n";
    return;
  }
  out << "<ul>\n";
  for (const auto& cause : result.diagnosis) {
    out << fmt::format("<li><b>{}.</b> Fix: {}. Explains: {}.</li>\n", e(cause.summary), e(cause.action),
                       e(fmt::format("{}", fmt::join(cause.endpoints, ", "))));
  }
  if (!result.unexplained.empty()) {
    out << fmt::format("<li>Also failing, on their own: {}.</li>\n",
                       e(fmt::format("{}", fmt::join(result.unexplained, ", "))));
  }
  out << "</ul>\n";
}

void write_endpoints(const check::CheckResult& result, std::ostream& out)
{
  out << "<h2>Findings per endpoint</h2>\n<table><thead><tr><th>host</th><th>port</th><th>needed "
         "by</th><th>verdict</th><th>evidence</th></tr></thead><tbody>\n";
  for (const auto& host : result.hosts) {
    for (const auto& port : host.ports) {
      const bool failing = port.finding.verdict != check::Verdict::ok;
      std::string evidence;
      for (const auto& line : port.finding.evidence) {
        evidence += "<li>" + e(line) + "</li>";
      }
      if (failing && host.finding.verdict == check::Verdict::ok) {
        evidence += "<li>not needed: another port of this host works</li>";
      }
      for (const auto& warning : host.warnings) {
        evidence += "<li>warning: " + e(warning) + "</li>";
      }
      if (!host.route.empty()) {
        evidence += "<li>route: " + e(host.route_text()) + "</li>";
      }
      out << fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}{}</td><td class=\"verdict\">{}</td>"
                         "<td><ul class=\"evidence\">{}</ul></td></tr>\n",
                         failing && host.finding.verdict != check::Verdict::ok ? "failing" : "ok",
                         e(host.target->host), port.port, e(fmt::format("{}", fmt::join(host.target->agents(), ", "))),
                         host.target->required() ? "" : " (conditional)", e(check::to_string(port.finding.verdict)),
                         evidence);
    }
  }
  out << "</tbody></table>\n";
}

// Where each fix goes (check/remedy.hpp): the rules per device, then what no rule fixes.
void write_rules(const check::CheckResult& result, std::ostream& out)
{
  if (result.remedies.empty()) {
    return; // no empty headings
  }
  out << "<h2>What to change</h2>\n";
  for (const auto& remedy : result.remedies) {
    out << fmt::format("<h3>{}{}</h3>\n<p>{}. <i>Who:</i> {}.</p>\n", e(remedy.title),
                       remedy.allows() ? " (" + e(remedy.dialect) + " rules)" : std::string(" (nothing to allow)"),
                       e(remedy.action), e(remedy.who));
    if (!remedy.endpoints.empty()) {
      out << fmt::format("<p><i>{}:</i> {}</p>\n", remedy.allows() ? "Fixes" : "Endpoints",
                         e(fmt::format("{}", fmt::join(remedy.endpoints, ", "))));
    }
    if (!remedy_rules_text(remedy).empty()) {
      out << fmt::format("<pre>{}</pre>\n", e(remedy_rules_text(remedy)));
    }
    if (!remedy.bypass_hosts.empty()) {
      out << "<p><i>TLS-inspection bypass list:</i></p>\n<pre>";
      for (const auto& host : remedy.bypass_hosts) {
        out << e(host) << '\n';
      }
      out << "</pre>\n";
    }
  }
}

void write_method(const check::CheckResult& result, const RunFacts& facts, std::ostream& out)
{
  out << "<h2>Method</h2>\n";
  if (!facts.lab_overrides.empty()) {
    out << fmt::format("<p class=\"warning\"><b>Not a production check:</b> lab settings shaped this result "
                       "({}).</p>\n",
                       e(fmt::format("{}", fmt::join(facts.lab_overrides, "; "))));
  }
  out << "<table><tbody>\n";
  const auto row = [&out](std::string_view what, const std::string& value) {
    out << fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", e(what), e(value));
  };
  row("Checked", fmt::format("{} from {} with emready {}", facts.when, facts.machine, facts.version));
  row("Command", facts.command_line);
  row("What was tested", fmt::format("DNS lookups ({}), then a TCP connect and a TLS handshake to every address and port",
                                     probed_families(result)));
  row("Route", !result.pac.empty() ? "as the PAC file " + result.pac + " says"
               : result.proxy.empty() ? std::string("directly") : "through proxy " + result.proxy);
  row("Sent from", result.sent_from.empty() ? std::string("this machine's default route") : result.sent_from);
  row("Time limits", facts.timeouts);
  row("Certificates judged against", result.trust);
  row("DNS", facts.dns);
  out << "</tbody></table>\n<ul class=\"note\">\n";
  for (const auto& note : method_notes(result)) {
    out << "<li>" << e(note) << "</li>\n";
  }
  out << "</ul>\n";
  if (!facts.profiles.empty()) {
    out << "<h2>Profiles</h2>\n<ul>\n";
    for (const auto& line : facts.profiles) {
      out << "<li>" << e(line) << "</li>\n";
    }
    out << "</ul>\n";
  }
}

} // namespace

std::string html_escape(std::string_view text)
{
  // XML's five escapes are HTML's too (&apos; is an HTML5 character reference), and the
  // control characters it drops have no place in a report either: one escaper for both.
  return xml_escape(text);
}

void write_check_html(const check::CheckResult& result, const RunFacts& facts, std::ostream& out)
{
  const bool ready = result.ready();
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>Canon eMaintenance network readiness — " << e(facts.machine) << " — " << e(facts.when) << "</title>\n"
      << "<style>" << html_style() << "</style>\n</head>\n<body>\n"
      << "<h1>Canon eMaintenance network readiness</h1>\n"
      << fmt::format("<p><span class=\"result {}\">Result: {}</span></p>\n", ready ? "ready" : "not-ready",
                     ready ? "READY" : "NOT READY")
      << fmt::format("<p class=\"note\">Checked {} from {} with emready {}.</p>\n", e(facts.when), e(facts.machine),
                     e(facts.version));
  write_agents(result, out);
  write_diagnosis(result, out);
  write_endpoints(result, out);
  write_rules(result, out);
  write_method(result, facts, out);
  write_html_appendix(out);
  out << "</body>\n</html>\n";
}

} // namespace emready::report
