#include "emready/report/junit.hpp"

#include "emready/plan/target.hpp"
#include "emready/report/method.hpp"

#include <algorithm>
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

// One testcase: what one agent needs of one host on one port clause ({443}, or {443, 8883}
// when either will do). It fails only when no port of the clause works.
struct Case
{
  std::string name;                            // "host:443" or "host:443|8883"
  const check::HostResult* host = nullptr;
  std::vector<const check::PortResult*> ports; // the clause's ports
  const plan::Need* need = nullptr;
  bool met = false;
  double seconds = 0;                          // the slowest probe of the clause
};

std::vector<Case> cases_of(const check::CheckResult& result, const std::string& agent)
{
  std::vector<Case> out;
  for (const auto& host : result.hosts) {
    for (const auto& need : host.target->needs) {
      if (need.agent != agent) {
        continue;
      }
      for (const auto& clause : need.clauses) {
        Case item;
        item.host = &host;
        item.need = &need;
        std::vector<std::string> numbers;
        for (const auto port : clause) {
          numbers.push_back(std::to_string(port));
          for (const auto& result_port : host.ports) {
            if (result_port.port != port) {
              continue;
            }
            item.ports.push_back(&result_port);
            item.met = item.met || result_port.finding.verdict == check::Verdict::ok;
            for (const auto& probe : result_port.probes) {
              item.seconds = std::max(item.seconds, probe.observation.total_ms / 1000.0);
            }
          }
        }
        item.name = fmt::format("{}:{}", host.target->host, fmt::join(numbers, "|"));
        out.push_back(std::move(item));
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

// Every port's verdict and evidence, then the host's warnings and route.
std::string evidence_of(const Case& item)
{
  std::string text;
  for (const auto* port : item.ports) {
    text += fmt::format("port {}: {}\n", port->port, check::to_string(port->finding.verdict));
    for (const auto& line : port->finding.evidence) {
      text += "  " + line + "\n";
    }
  }
  for (const auto& warning : item.host->warnings) {
    text += "warning: " + warning + "\n";
  }
  if (!item.host->route.empty()) {
    text += "route: " + item.host->route_text() + "\n";
  }
  return text;
}

// The port that decides a failing case: the first that failed.
const check::PortResult* deciding_port(const Case& item)
{
  for (const auto* port : item.ports) {
    if (port->finding.verdict != check::Verdict::ok) {
      return port;
    }
  }
  return item.ports.empty() ? nullptr : item.ports.front();
}

void write_case(const Case& item, const std::string& agent, std::ostream& out)
{
  out << fmt::format("    <testcase classname=\"emready.{}\" name=\"{}\" time=\"{:.3f}\">\n",
                     xml_escape(agent), xml_escape(item.name), item.seconds);
  const auto evidence = evidence_of(item);
  const auto* port = deciding_port(item);
  const auto verdict = port ? std::string(check::to_string(port->finding.verdict)) : std::string("not-run");
  const auto first = port && !port->finding.evidence.empty() ? port->finding.evidence.front() : std::string();
  if (is_failure(item)) {
    out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                       xml_escape(verdict + ": " + first), xml_escape(verdict), xml_escape(evidence));
  } else if (is_skipped(item)) {
    out << fmt::format("      <skipped message=\"{}\">{}</skipped>\n",
                       xml_escape("needed only when: " + item.need->condition + " (" + verdict + ")"),
                       xml_escape(evidence));
  } else {
    // A passing clause may still have a failing port (443 works, 8883 refused): said here.
    out << fmt::format("      <system-out>{}</system-out>\n", xml_escape(evidence));
  }
  out << "    </testcase>\n";
}

} // namespace

std::string junit_timestamp(const std::string& rfc3339)
{
  return !rfc3339.empty() && rfc3339.back() == 'Z' ? rfc3339.substr(0, rfc3339.size() - 1) : rfc3339;
}

void write_junit(const check::CheckResult& result, std::ostream& out)
{
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::vector<std::vector<Case>> suites;
  for (const auto& agent : result.agents) {
    suites.push_back(cases_of(result, agent.agent));
    tests += suites.back().size();
    failures += static_cast<std::size_t>(std::count_if(suites.back().begin(), suites.back().end(), is_failure));
  }
  const auto seconds = result.elapsed_ms / 1000.0;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"emready check\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
                     "time=\"{:.3f}\">\n",
                     tests, failures, seconds);
  for (std::size_t i = 0; i < result.agents.size(); ++i) {
    const auto& agent = result.agents[i];
    const auto& cases = suites[i];
    const auto failed = std::count_if(cases.begin(), cases.end(), is_failure);
    const auto skipped = std::count_if(cases.begin(), cases.end(), is_skipped);
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
                       "time=\"{:.3f}\" timestamp=\"{}\" hostname=\"{}\">\n",
                       xml_escape(agent.agent), cases.size(), failed, skipped, seconds,
                       xml_escape(junit_timestamp(result.started_at)), xml_escape(result.hostname));
    out << "    <properties>\n";
    out << fmt::format("      <property name=\"device_family\" value=\"{}\"/>\n",
                       check::to_string(result.devices));
    out << fmt::format("      <property name=\"proxy\" value=\"{}\"/>\n",
                       xml_escape(result.proxy.empty() ? "none" : result.proxy));
    out << fmt::format("      <property name=\"started_at\" value=\"{}\"/>\n", xml_escape(result.started_at));
    for (const auto& note : method_notes(result)) {
      out << fmt::format("      <property name=\"note\" value=\"{}\"/>\n", xml_escape(note));
    }
    for (const auto& cause : result.diagnosis) {
      out << fmt::format("      <property name=\"diagnosis\" value=\"{}\"/>\n",
                         xml_escape(cause.summary + ". Fix: " + cause.action + "."));
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
