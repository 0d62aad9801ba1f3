#include "emready/report/junit.hpp"

#include "emready/plan/target.hpp"
#include "emready/report/method.hpp"

#include <fmt/format.h>

namespace emready::report {

std::string xml_escape(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') {
        out += c;
      }
    }
  }
  return out;
}

namespace {

struct Case
{
  std::string name;
  const check::HostResult* host;
  const check::PortResult* port;
  bool required;
  bool met; // the agent's port clauses for this host hold (another port may be enough)
};

std::vector<Case> cases_of(const check::CheckResult& result, const std::string& agent)
{
  std::vector<Case> out;
  for (const auto& host : result.hosts) {
    for (const auto& need : host.target->needs) {
      if (need.agent != agent) {
        continue;
      }
      const bool met = plan::meets(need.clauses, host.working_ports());
      for (const auto& port : host.ports) {
        out.push_back({fmt::format("{}:{}", host.target->host, port.port), &host, &port, need.required, met});
      }
    }
  }
  return out;
}

bool is_failure(const Case& item)
{
  return item.port->finding.verdict != check::Verdict::ok && item.required && !item.met;
}

void write_case(const Case& item, const std::string& agent, std::ostream& out)
{
  const auto& finding = item.port->finding;
  const auto verdict = std::string(check::to_string(finding.verdict));
  std::string evidence;
  for (const auto& line : finding.evidence) {
    evidence += line + "\n";
  }
  for (const auto& warning : item.host->warnings) {
    evidence += "warning: " + warning + "\n";
  }
  if (!item.host->route.empty()) {
    evidence += "route: " + item.host->route_text() + "\n";
  }
  out << fmt::format("    <testcase classname=\"emready.{}\" name=\"{}\">\n", xml_escape(agent),
                     xml_escape(item.name));
  if (finding.verdict != check::Verdict::ok) {
    // A CI run fails only for what a device needs: a port whose alternative works is not.
    const char* element = is_failure(item) ? "failure" : "skipped";
    const auto why = item.met ? " (not needed: another port of this host works)" : "";
    out << fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n", element,
                       xml_escape(verdict + ": " + (finding.evidence.empty() ? "" : finding.evidence.front()) + why),
                       xml_escape(verdict), xml_escape(evidence), element);
  } else if (!evidence.empty()) {
    out << fmt::format("      <system-out>{}</system-out>\n", xml_escape(evidence));
  }
  out << "    </testcase>\n";
}

} // namespace

void write_junit(const check::CheckResult& result, std::ostream& out)
{
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"emready check\" time=\"{:.3f}\">\n", result.elapsed_ms / 1000.0);
  for (const auto& agent : result.agents) {
    const auto cases = cases_of(result, agent.agent);
    std::size_t failures = 0;
    std::size_t skipped = 0;
    for (const auto& item : cases) {
      if (item.port->finding.verdict != check::Verdict::ok) {
        ++(is_failure(item) ? failures : skipped);
      }
    }
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" errors=\"0\">\n",
                       xml_escape(agent.agent), cases.size(), failures, skipped);
    out << "    <properties>\n";
    out << fmt::format("      <property name=\"device_family\" value=\"{}\"/>\n",
                       check::to_string(result.devices));
    out << fmt::format("      <property name=\"proxy\" value=\"{}\"/>\n",
                       xml_escape(result.proxy.empty() ? "none" : result.proxy));
    for (const auto& note : method_notes(result)) {
      out << fmt::format("      <property name=\"note\" value=\"{}\"/>\n", xml_escape(note));
    }
    out << "    </properties>\n";
    for (const auto& item : cases) {
      write_case(item, agent.agent, out);
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

} // namespace emready::report
