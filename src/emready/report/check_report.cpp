#include "emready/report/check_report.hpp"

#include "emready/core/plural.hpp"
#include "emready/plan/target.hpp"
#include "emready/report/audit_report.hpp"
#include "emready/report/json_text.hpp"
#include "emready/report/method.hpp"
#include "emready/report/table.hpp"
#include "emready/report/wrap.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sstream>

namespace emready::report {

namespace {

using check::Verdict;

std::string first(const std::vector<std::string>& items)
{
  return items.empty() ? "" : items.front();
}

std::string verdict_shown(const Style& style, Verdict verdict, bool required)
{
  const auto name = std::string(check::to_string(verdict));
  if (verdict == Verdict::ok) {
    return style.good(name);
  }
  return required ? style.bad(name) : style.warn(name);
}

// The evidence for the table: the verdict's first reason. An ok row is one short line (the
// TLS version, ALPN, where from, how long, and any information such as another family's
// failure); -v gives the full handshake summary.
std::string evidence_line(const check::HostResult& host, const check::PortResult& port, bool verbose)
{
  auto text = first(port.finding.evidence);
  if (port.finding.verdict == Verdict::ok && !port.probes.empty()) {
    const auto& seen = port.probes.front().observation;
    const auto where = seen.address.empty() ? std::string("via proxy") : seen.address;
    if (!verbose && seen.tls.completed) {
      text = seen.tls.version + (seen.tls.alpn.empty() ? "" : ", ALPN " + seen.tls.alpn);
    }
    text = fmt::format("{} ({}, {:.0f} ms)", text, where, seen.total_ms);
    for (std::size_t i = 1; i < port.finding.evidence.size(); ++i) {
      text += "; " + port.finding.evidence[i];
    }
  }
  if (!host.warnings.empty()) {
    text += "; warning: " + host.warnings.front();
  }
  if (!host.route.empty()) {
    text += "; route: " + host.route_text();
  }
  return text;
}

void print_agent(const check::CheckResult& result, const check::AgentResult& agent,
                 const Style& style, bool verbose, std::ostream& out)
{
  out << fmt::format("{} {}\n", style.bold(agent.agent),
                     agent.ready ? style.good("ready") : style.bad("NOT READY"));
  Table table({"  HOST", "PORT", "VERDICT", "LAYER", "EVIDENCE"});
  // Failures first, then ports another port makes unnecessary, then what works.
  struct Row
  {
    int rank;
    std::vector<std::string> plain;
    std::vector<std::string> shown;
  };
  std::vector<Row> rows;
  for (const auto& host : result.hosts) {
    for (const auto& need : host.target->needs) {
      if (need.agent != agent.agent) {
        continue;
      }
      // A failing port whose host still serves this agent on another port (443 or 8883) is
      // shown as a warning: nothing the agent needs is broken.
      const bool met = plan::meets(need.clauses, host.working_ports());
      for (const auto& port : host.ports) {
        const auto verdict = port.finding.verdict;
        const auto name = std::string(check::to_string(verdict));
        const auto label = "  " + host.target->host + (need.required ? "" : " (conditional)");
        const bool spare = verdict != Verdict::ok && met;
        const std::vector<std::string> plain{
          label, std::to_string(port.port), name,
          std::string(check::to_string(check::layer_of(verdict))),
          evidence_line(host, port, verbose) + (spare ? " (not needed: another port of this host works)" : "")};
        auto shown = plain;
        shown[2] = verdict_shown(style, verdict, need.required && !spare);
        const int rank = verdict == Verdict::ok ? 2 : spare ? 1 : 0;
        rows.push_back({rank, plain, shown});
      }
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.rank < b.rank; });
  for (auto& row : rows) {
    table.add(std::move(row.plain), std::move(row.shown));
  }
  table.print(out, style.width());
  out << '\n';
}

nlohmann::json answer_json(const dns::Answer& answer)
{
  return {{"family", answer.family},     {"status", dns::to_string(answer.status)},
          {"addresses", answer.addresses}, {"cnames", answer.cnames},
          {"ms", answer.ms},             {"detail", answer.detail}};
}

nlohmann::json chain_json(const std::vector<check::CertInfo>& chain)
{
  auto out = nlohmann::json::array();
  for (const auto& cert : chain) {
    out.push_back({{"subject", cert.subject}, {"issuer", cert.issuer}, {"names", cert.names},
                   {"not_before", cert.not_before}, {"not_after", cert.not_after}});
  }
  return out;
}

const char* timeout_name(check::Timeout timeout)
{
  switch (timeout) {
  case check::Timeout::none: return nullptr;
  case check::Timeout::tcp: return "tcp";
  case check::Timeout::connect: return "proxy-connect";
  case check::Timeout::tls: return "tls";
  case check::Timeout::deadline: return "deadline";
  }
  return nullptr;
}

nlohmann::json probe_json(const check::ProbeResult& probe)
{
  const auto& seen = probe.observation;
  const auto& tls = seen.tls;
  nlohmann::json out{
    {"address", seen.address},
    {"family", seen.family},
    {"connect_port", seen.connect_port},
    {"verdict", check::to_string(probe.finding.verdict)},
    {"evidence", probe.finding.evidence},
    {"tcp", {{"connected", seen.tcp_connected}, {"ms", seen.tcp_ms}, {"errno", seen.os_errno}}},
    {"tls",
     {{"started", tls.started}, {"completed", tls.completed}, {"version", tls.version},
      {"cipher", tls.cipher}, {"alpn", tls.alpn}, {"alpn_offered", tls.alpn_offered},
      {"client_certificate_requested", tls.client_cert_requested}, {"alert", tls.alert},
      {"ms", tls.ms}, {"chain", chain_json(tls.chain)}, {"chain_errors", tls.check.messages}}},
    {"total_ms", seen.total_ms},
    {"error", seen.error},
  };
  if (const auto* name = timeout_name(seen.timed_out)) {
    out["timed_out"] = name;
  }
  if (!seen.source_address.empty()) {
    out["source_address"] = seen.source_address;
  }
  if (seen.proxy.used) {
    out["proxy"] = {{"url", seen.proxy.url}, {"connect_code", seen.proxy.connect_code},
                    {"status_line", seen.proxy.status_line}, {"via", seen.proxy.via},
                    {"server", seen.proxy.server}, {"squid_error", seen.proxy.squid_error},
                    {"proxy_status", seen.proxy.proxy_status},
                    {"authenticate", seen.proxy.authenticate},
                    {"credentials_sent", seen.proxy.credentials_sent},
                    {"auth_allowed", seen.proxy.auth_allowed}};
  }
  if (probe.finding.client_refused) {
    out["client_refused"] = true;
  }
  if (probe.finding.beyond_proxy) {
    out["beyond_proxy"] = true;
  }
  if (!probe.finding.interception.empty()) {
    out["interception"] = probe.finding.interception;
  }
  return out;
}

nlohmann::json endpoint_json(const check::HostResult& host, const check::PortResult& port)
{
  const auto& target = *host.target;
  nlohmann::json dns{{"verdict", check::to_string(host.dns.verdict)},
                     {"proxied", host.proxied},
                     {"evidence", host.dns.evidence}};
  dns["answers"] = nlohmann::json::array();
  for (const auto& answer : host.answers) {
    dns["answers"].push_back(answer_json(answer));
  }
  nlohmann::json out{{"host", target.host},
                     {"port", port.port},
                     {"agents", target.agents()},
                     {"required", target.required()},
                     {"verdict", check::to_string(port.finding.verdict)},
                     {"layer", check::to_string(check::layer_of(port.finding.verdict))},
                     {"evidence", port.finding.evidence},
                     {"host_verdict", check::to_string(host.finding.verdict)},
                     {"warnings", host.warnings},
                     {"dns", dns}};
  if (!port.finding.interception.empty()) {
    out["interception"] = port.finding.interception;
  }
  if (!host.route.empty()) {
    out["route"] = host.route;
    out["route_failovers"] = host.route_failovers;
  }
  out["observations"] = nlohmann::json::array();
  for (const auto& probe : port.probes) {
    out["observations"].push_back(probe_json(probe));
  }
  return out;
}

} // namespace

std::string missing_rules_text(const check::CheckResult& result, const rules::Dialect& dialect)
{
  rules::RuleBlock block;
  block.header.push_back("Missing rules found by emready check");
  block.rules = result.missing_rules;
  block.no_inspection_hosts = result.bypass_hosts;
  std::ostringstream text;
  dialect.write(block, text);
  return text.str();
}

std::string remedy_rules_text(const check::Remedy& remedy)
{
  if (remedy.dialect.empty() || (remedy.rules.empty() && remedy.bypass_hosts.empty())) {
    return "";
  }
  rules::RuleBlock block;
  block.header.push_back(fmt::format("{}: {} found by emready check", remedy.title,
                                     remedy.rules.empty() ? "exclusions" : "missing rules"));
  block.rules = remedy.rules;
  if (remedy.rules.empty()) {
    block.no_inspection_hosts = remedy.bypass_hosts;
  }
  std::ostringstream text;
  rules::dialect_named(remedy.dialect).write(block, text);
  return text.str();
}

namespace {

// "proxy", "firewall", …: the kind of device `dialect` writes for.
std::string device_noun(const std::string& dialect)
{
  switch (rules::device_of(rules::dialect_named(dialect))) {
  case rules::Device::proxy: return "proxy";
  case rules::Device::dns_filter: return "DNS filter";
  case rules::Device::inspection: return "TLS-inspection exclusion";
  default: return "firewall";
  }
}

// Where each fix goes: the rules to add, place by place in that device's terms, then what
// no allow rule fixes. No heading without something under it.
void print_remedies(const check::CheckResult& result, const Style& style, std::ostream& out)
{
  const auto& all = result.remedies;
  const auto width = style.width();
  const auto first_other = std::find_if(all.begin(), all.end(), [](const auto& r) { return !r.allows(); });
  if (first_other != all.begin()) {
    out << '\n' << style.bold("Missing rules, by where they go:") << '\n';
    if (std::none_of(all.begin(), first_other, [&](const auto& r) { return r.dialect == result.dialect; })) {
      // The admin asked for one device's terms, and no failure is at that kind of device.
      out << paragraph(fmt::format("(--dialect {} writes {} rules, and no failure here is at a {}: "
                                   "each place below is in its own terms.)",
                                   result.dialect, device_noun(result.dialect), device_noun(result.dialect)),
                       width, 0, 1);
    }
    for (auto it = all.begin(); it != first_other; ++it) {
      out << '\n'
          << paragraph(fmt::format("{} ({} rules), for {}:", it->title, it->dialect, it->who), width, 0, 2)
          << "  " << paragraph(it->action + '.', width, 2, 2) << "  "
          << paragraph("Fixes: " + fmt::format("{}", fmt::join(it->endpoints, ", ")), width, 2, 4)
          << remedy_rules_text(*it);
    }
  }
  if (first_other != all.end()) {
    out << '\n' << style.bold("Nothing to allow: no allow rule fixes these") << '\n';
    for (auto it = first_other; it != all.end(); ++it) {
      out << "- " << paragraph(fmt::format("{}, for {}:", it->title, it->who), width, 2, 2) << "  "
          << paragraph(it->action + '.', width, 2, 2);
      if (!it->endpoints.empty()) {
        out << "  " << paragraph("Endpoints: " + fmt::format("{}", fmt::join(it->endpoints, ", ")), width, 2, 4);
      }
      if (!it->bypass_hosts.empty()) {
        out << "  "
            << paragraph("Exclude from TLS inspection: " + fmt::format("{}", fmt::join(it->bypass_hosts, ", ")),
                         width, 2, 4);
      }
      if (!it->dialect.empty()) {
        out << fmt::format("  In {} terms:\n", it->dialect) << remedy_rules_text(*it);
      }
    }
  }
}

} // namespace

void print_check(const check::CheckResult& result, const Style& style, std::ostream& out, bool verbose)
{
  std::size_t endpoints = 0;
  for (const auto& host : result.hosts) {
    endpoints += host.ports.size();
  }
  out << fmt::format("Checked {} on {} in {:.1f} s; trust: {}; proxy: {}\n",
                     core::counted(endpoints, "endpoint"), core::counted(result.hosts.size(), "host"),
                     result.elapsed_ms / 1000.0, result.trust,
                     result.proxy.empty() ? "none" : result.proxy);
  for (const auto& note : method_notes(result)) {
    out << style.dim(note) << '\n';
  }
  out << '\n';
  if (!result.diagnosis.empty()) {
    out << style.bold("Diagnosis:") << '\n';
    for (const auto& cause : result.diagnosis) {
      out << fmt::format("  - {}.\n    Fix: {}.\n    Explains: {}\n", cause.summary, cause.action,
                         fmt::join(cause.endpoints, ", "));
    }
    if (!result.unexplained.empty()) {
      out << fmt::format("  - Also failing, on their own: {}\n", fmt::join(result.unexplained, ", "));
    }
    out << '\n';
  }
  for (const auto& agent : result.agents) {
    print_agent(result, agent, style, verbose, out);
  }
  out << style.bold("Readiness:") << '\n';
  for (const auto& agent : result.agents) {
    out << fmt::format("  {:<14} {}", agent.agent,
                       agent.ready ? style.good("ready") : style.bad("NOT READY"));
    if (!agent.ready) {
      out << fmt::format(" ({} required host{} failing)", agent.failed_required.size(),
                         agent.failed_required.size() == 1 ? "" : "s");
    }
    out << '\n';
  }
  print_remedies(result, style, out);
}

namespace {

nlohmann::json remedies_json(const check::CheckResult& result)
{
  auto out = nlohmann::json::array();
  for (const auto& remedy : result.remedies) {
    out.push_back({{"place", remedy.place},
                   {"title", remedy.title},
                   {"who", remedy.who},
                   {"action", remedy.action},
                   {"endpoints", remedy.endpoints},
                   {"allows", remedy.allows()},
                   {"dialect", remedy.dialect},
                   {"rules", proposals_json(remedy.rules)},
                   {"paste", remedy_rules_text(remedy)},
                   {"bypass_hosts", remedy.bypass_hosts}});
  }
  return out;
}

nlohmann::json diagnosis_json(const check::CheckResult& result)
{
  auto out = nlohmann::json::array();
  for (const auto& cause : result.diagnosis) {
    out.push_back({{"kind", cause.kind}, {"summary", cause.summary}, {"action", cause.action},
                   {"endpoints", cause.endpoints}});
  }
  return out;
}

// Everything but the endpoints, after `head` (the document header and options).
nlohmann::json summary_json(const check::CheckResult& result, const nlohmann::json& head)
{
  auto agents = nlohmann::json::array();
  for (const auto& agent : result.agents) {
    agents.push_back({{"agent", agent.agent},
                      {"ready", agent.ready},
                      {"failed_required", agent.failed_required},
                      {"failed_conditional", agent.failed_conditional}});
  }
  const auto& dialect = rules::dialect_named(result.dialect);
  nlohmann::json out = head.is_object() ? head : nlohmann::json::object();
  out.update(nlohmann::json{
          {"ready", result.ready()},
          {"elapsed_ms", result.elapsed_ms},
          {"trust_description", result.trust},
          {"diagnosis", diagnosis_json(result)},
          {"unexplained", result.unexplained},
          {"remedies", remedies_json(result)},
          {"clock", result.clock ? nlohmann::json{{"url", result.clock->url}, {"skew_s", result.clock->skew_s}}
                                 : nlohmann::json()},
          {"notes", method_notes(result)},
          {"dialect", result.dialect},
          {"agents", agents},
          {"missing_rules", proposals_json(result.missing_rules)},
          {"tls_inspection_bypass", result.bypass_hosts},
          {"interception_seen", result.interception_seen},
          {"paste", result.missing_rules.empty() && !result.interception_seen
                      ? ""
                      : missing_rules_text(result, dialect)}});
  return out;
}

} // namespace

nlohmann::json check_json(const check::CheckResult& result, const nlohmann::json& head)
{
  auto out = summary_json(result, head);
  out["endpoints"] = nlohmann::json::array();
  for (const auto& host : result.hosts) {
    for (const auto& port : host.ports) {
      out["endpoints"].push_back(endpoint_json(host, port));
    }
  }
  return out;
}

void write_check_json(const check::CheckResult& result, const nlohmann::json& head, std::ostream& out)
{
  auto summary = summary_json(result, head);
  summary["endpoints"] = nlohmann::json::array();
  const auto text = json_text(summary);
  // A quote inside a JSON string is escaped, so only the key itself can match.
  const std::string marker = "\"endpoints\": []";
  const auto at = text.find(marker);
  out << text.substr(0, at) << "\"endpoints\": [";
  bool first = true;
  for (const auto& host : result.hosts) {
    for (const auto& port : host.ports) {
      auto item = json_text(endpoint_json(host, port));
      std::string indented = "    ";
      for (const char c : item) {
        indented += c;
        if (c == '\n') {
          indented += "    ";
        }
      }
      out << (first ? "\n" : ",\n") << indented;
      first = false;
    }
  }
  out << (first ? "]" : "\n  ]") << text.substr(at + marker.size()) << '\n';
}

} // namespace emready::report
