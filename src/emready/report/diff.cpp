#include "emready/report/diff.hpp"

#include "emready/core/error.hpp"
#include "emready/core/plural.hpp"
#include "emready/report/document.hpp"

#include <fmt/format.h>
#include <map>

namespace emready::report {

namespace {

[[noreturn]] void bad(const std::string& name, const std::string& pointer, const std::string& what)
{
  throw core::InputError(fmt::format("{}: {}{}", name, pointer.empty() ? "" : "at " + pointer + ": ", what));
}

// The value at `pointer`, of the JSON type `type` says ("string", "array", …).
const nlohmann::json& need(const nlohmann::json& doc, const std::string& name, const std::string& pointer,
                           nlohmann::json::value_t type, const char* type_name)
{
  const nlohmann::json::json_pointer at(pointer);
  if (!doc.contains(at)) {
    bad(name, pointer, "missing: not an emready check document (check --format json)");
  }
  const auto& value = doc.at(at);
  if (value.type() != type) {
    bad(name, pointer, fmt::format("must be {}, not {}", type_name, value.type_name()));
  }
  return value;
}

std::string major_of(const std::string& version)
{
  return version.substr(0, version.find('.'));
}

struct Seen
{
  std::string verdict;
  std::vector<std::string> evidence;
};

std::map<std::string, Seen> endpoints_of(const nlohmann::json& doc, const std::string& name)
{
  std::map<std::string, Seen> out;
  const auto& list = need(doc, name, "/endpoints", nlohmann::json::value_t::array, "an array");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto base = fmt::format("/endpoints/{}", i);
    const auto& host = need(doc, name, base + "/host", nlohmann::json::value_t::string, "a string");
    const auto& port = doc.at(nlohmann::json::json_pointer(base)).value("port", nlohmann::json());
    if (!port.is_number_unsigned()) {
      bad(name, base + "/port", "must be a port number");
    }
    const auto& verdict = need(doc, name, base + "/verdict", nlohmann::json::value_t::string, "a string");
    Seen seen{verdict.get<std::string>(), {}};
    const auto& item = doc.at(nlohmann::json::json_pointer(base));
    if (item.contains("evidence") && item["evidence"].is_array()) {
      for (const auto& line : item["evidence"]) {
        if (line.is_string()) {
          seen.evidence.push_back(line.get<std::string>());
        }
      }
    }
    out[fmt::format("{}:{}", host.get<std::string>(), port.get<unsigned>())] = std::move(seen);
  }
  return out;
}

std::map<std::string, bool> agents_of(const nlohmann::json& doc, const std::string& name)
{
  std::map<std::string, bool> out;
  const auto& list = need(doc, name, "/agents", nlohmann::json::value_t::array, "an array");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto base = fmt::format("/agents/{}", i);
    const auto& agent = need(doc, name, base + "/agent", nlohmann::json::value_t::string, "a string");
    const auto& ready = need(doc, name, base + "/ready", nlohmann::json::value_t::boolean, "true or false");
    out[agent.get<std::string>()] = ready.get<bool>();
  }
  return out;
}

void check_document(const nlohmann::json& doc, const std::string& name)
{
  if (!doc.is_object()) {
    bad(name, "", "not a JSON object: not an emready check document");
  }
  const auto& document = need(doc, name, "/document", nlohmann::json::value_t::string, "a string");
  if (document != "check") {
    bad(name, "/document", fmt::format("is \"{}\": diff compares check documents", document.get<std::string>()));
  }
  need(doc, name, "/schema_version", nlohmann::json::value_t::string, "a string");
}

// A table cell: a '|' would end it.
std::string escaped_cell(const std::string& text)
{
  std::string out;
  for (const char c : text) {
    out += c == '|' ? std::string("\\|") : std::string(1, c == '\n' ? ' ' : c);
  }
  return out;
}

} // namespace

const char* to_string(EndpointChange::Kind kind)
{
  switch (kind) {
  case EndpointChange::Kind::newly_failing: return "newly-failing";
  case EndpointChange::Kind::fixed: return "fixed";
  case EndpointChange::Kind::changed: return "changed";
  case EndpointChange::Kind::added: return "added";
  case EndpointChange::Kind::removed: return "removed";
  }
  return "changed";
}

bool Diff::regressed() const
{
  for (const auto& change : endpoints) {
    if (change.kind == EndpointChange::Kind::newly_failing ||
        (change.kind == EndpointChange::Kind::added && change.new_verdict != "ok")) {
      return true;
    }
  }
  for (const auto& agent : agents) {
    if (agent.was_ready && !agent.is_ready) {
      return true;
    }
  }
  return false;
}

Diff diff_checks(const nlohmann::json& old_doc, const std::string& old_name,
                 const nlohmann::json& new_doc, const std::string& new_name)
{
  check_document(old_doc, old_name);
  check_document(new_doc, new_name);
  const auto old_version = old_doc["schema_version"].get<std::string>();
  const auto new_version = new_doc["schema_version"].get<std::string>();
  if (major_of(old_version) != major_of(new_version)) {
    throw core::InputError(fmt::format("cannot compare {} (schema_version {}) with {} (schema_version {}): "
                                       "their majors differ, so their fields may mean different things",
                                       old_name, old_version, new_name, new_version));
  }
  Diff diff;
  diff.old_started_at = old_doc.value("started_at", "");
  diff.new_started_at = new_doc.value("started_at", "");
  const auto before = endpoints_of(old_doc, old_name);
  const auto after = endpoints_of(new_doc, new_name);
  for (const auto& [endpoint, seen] : before) {
    const auto now = after.find(endpoint);
    if (now == after.end()) {
      diff.endpoints.push_back({EndpointChange::Kind::removed, endpoint, seen.verdict, "", seen.evidence, {}});
      continue;
    }
    if (seen.verdict == now->second.verdict) {
      ++diff.unchanged;
      continue;
    }
    const auto kind = seen.verdict == "ok"           ? EndpointChange::Kind::newly_failing
                      : now->second.verdict == "ok" ? EndpointChange::Kind::fixed
                                                    : EndpointChange::Kind::changed;
    diff.endpoints.push_back({kind, endpoint, seen.verdict, now->second.verdict, seen.evidence, now->second.evidence});
  }
  for (const auto& [endpoint, seen] : after) {
    if (!before.count(endpoint)) {
      diff.endpoints.push_back({EndpointChange::Kind::added, endpoint, "", seen.verdict, {}, seen.evidence});
    }
  }
  // Regressions first, then fixes, then the rest.
  std::stable_sort(diff.endpoints.begin(), diff.endpoints.end(),
                   [](const auto& a, const auto& b) { return static_cast<int>(a.kind) < static_cast<int>(b.kind); });
  const auto old_agents = agents_of(old_doc, old_name);
  for (const auto& [agent, ready] : agents_of(new_doc, new_name)) {
    const auto was = old_agents.find(agent);
    if (was != old_agents.end() && was->second != ready) {
      diff.agents.push_back({agent, was->second, ready});
    }
  }
  return diff;
}

void print_diff(const Diff& diff, std::ostream& out)
{
  out << fmt::format("Compared the run of {} with the run of {}: {}, {} unchanged\n",
                     diff.old_started_at, diff.new_started_at, core::counted(diff.endpoints.size(), "change"),
                     core::counted(diff.unchanged, "endpoint"));
  for (const auto& agent : diff.agents) {
    out << fmt::format("  {:<14} {} -> {}\n", agent.agent, agent.was_ready ? "ready" : "NOT READY",
                       agent.is_ready ? "ready" : "NOT READY");
  }
  for (const auto& change : diff.endpoints) {
    out << fmt::format("  {:<14} {}  {} -> {}\n", to_string(change.kind), change.endpoint,
                       change.old_verdict.empty() ? "-" : change.old_verdict,
                       change.new_verdict.empty() ? "-" : change.new_verdict);
    if (!change.new_evidence.empty() && change.new_verdict != "ok") {
      out << "                 now: " << change.new_evidence.front() << '\n';
    }
    if (!change.old_evidence.empty() && change.old_verdict != "ok" && change.kind != EndpointChange::Kind::removed) {
      out << "                 was: " << change.old_evidence.front() << '\n';
    }
  }
  out << (diff.regressed() ? "Result: REGRESSED\n" : "Result: nothing regressed\n");
}

nlohmann::json diff_json(const Diff& diff, const nlohmann::json& head)
{
  auto out = head;
  out["old_started_at"] = diff.old_started_at;
  out["new_started_at"] = diff.new_started_at;
  out["regressed"] = diff.regressed();
  out["unchanged"] = diff.unchanged;
  out["agents"] = nlohmann::json::array();
  for (const auto& agent : diff.agents) {
    out["agents"].push_back({{"agent", agent.agent}, {"was_ready", agent.was_ready}, {"is_ready", agent.is_ready}});
  }
  out["endpoints"] = nlohmann::json::array();
  for (const auto& change : diff.endpoints) {
    out["endpoints"].push_back({{"change", to_string(change.kind)},
                                {"endpoint", change.endpoint},
                                {"old_verdict", change.old_verdict.empty() ? nlohmann::json(nullptr) : nlohmann::json(change.old_verdict)},
                                {"new_verdict", change.new_verdict.empty() ? nlohmann::json(nullptr) : nlohmann::json(change.new_verdict)},
                                {"old_evidence", change.old_evidence},
                                {"new_evidence", change.new_evidence}});
  }
  return out;
}

void write_diff_markdown(const Diff& diff, std::ostream& out)
{
  out << "# emready: what changed between two checks\n\n";
  out << fmt::format("- Old run: {}\n- New run: {}\n- **Result: {}**\n\n", diff.old_started_at, diff.new_started_at,
                     diff.regressed() ? "REGRESSED" : "nothing regressed");
  if (!diff.agents.empty()) {
    out << "## Agents\n\n| agent | before | now |\n|---|---|---|\n";
    for (const auto& agent : diff.agents) {
      out << fmt::format("| {} | {} | {} |\n", agent.agent, agent.was_ready ? "ready" : "not ready",
                         agent.is_ready ? "ready" : "not ready");
    }
    out << '\n';
  }
  if (!diff.endpoints.empty()) {
    out << "## Endpoints\n\n| change | endpoint | before | now | evidence now |\n|---|---|---|---|---|\n";
    for (const auto& change : diff.endpoints) {
      out << fmt::format("| {} | {} | {} | {} | {} |\n", to_string(change.kind), change.endpoint,
                         change.old_verdict.empty() ? "-" : change.old_verdict,
                         change.new_verdict.empty() ? "-" : change.new_verdict,
                         change.new_evidence.empty() ? "" : escaped_cell(change.new_evidence.front()));
    }
    out << '\n';
  }
  out << fmt::format("{} unchanged.\n", core::counted(diff.unchanged, "endpoint"));
}

} // namespace emready::report
