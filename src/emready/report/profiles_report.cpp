#include "emready/report/profiles_report.hpp"

#include "emready/report/table.hpp"

#include <fmt/format.h>

namespace emready::report {

namespace {

std::string port_text(const profile::Endpoint& endpoint)
{
  return fmt::format("{}", fmt::join(endpoint.ports, endpoint.any_port ? " or " : ", "));
}

nlohmann::json endpoint_json(const profile::Endpoint& e)
{
  nlohmann::json j{{"host", e.host},       {"ports", e.ports},
                   {"any_port", e.any_port}, {"required", e.required},
                   {"protocol", profile::to_string(e.protocol)}, {"mutual_tls", e.mutual_tls}};
  if (!e.condition.empty()) {
    j["condition"] = e.condition;
  }
  if (!e.port_note.empty()) {
    j["port_note"] = e.port_note;
  }
  if (!e.note.empty()) {
    j["note"] = e.note;
  }
  return j;
}

} // namespace

void print_profile_list(const std::vector<const profile::Profile*>& profiles, std::ostream& out)
{
  Table table({"AGENT", "ENDPOINTS", "TITLE", "ORIGIN"});
  for (const auto* p : profiles) {
    table.add({p->agent, std::to_string(p->endpoints.size()), p->title, p->origin});
  }
  table.print(out);
}

void print_profile_details(const std::vector<const profile::Profile*>& profiles,
                           const Style& style, std::ostream& out)
{
  for (const auto* p : profiles) {
    out << style.bold(fmt::format("{} — {}", p->agent, p->title)) << '\n';
    if (!p->description.empty()) {
      out << "  " << p->description << '\n';
    }
    out << fmt::format("  region: {}   origin: {}\n", p->region.empty() ? "-" : p->region,
                       p->origin);
    if (!p->recommended_rules.empty()) {
      out << fmt::format("  Canon's recommended wildcards: {}\n",
                         fmt::join(p->recommended_rules, "  "));
    }
    Table table({"  HOST", "PORTS", "PROTOCOL", "NEEDED"});
    for (const auto& e : p->endpoints) {
      table.add({"  " + e.host, port_text(e) + (e.port_note.empty() ? "" : " (assumed)"),
                 profile::to_string(e.protocol), e.required ? "required" : "if " + e.condition});
    }
    table.print(out);
    for (const auto& e : p->endpoints) {
      if (!e.note.empty()) {
        out << style.dim(fmt::format("  note: {}: {}", e.host, e.note)) << '\n';
      }
    }
    if (std::any_of(p->endpoints.begin(), p->endpoints.end(),
                    [](const auto& e) { return !e.port_note.empty(); })) {
      out << style.dim("  (assumed): the brochure states no port here; 443 assumed, as for all "
                       "eM traffic")
          << '\n';
    }
    out << '\n';
  }
}

nlohmann::json profile_json(const profile::Profile& p, bool with_endpoints)
{
  nlohmann::json j{{"agent", p.agent},
                   {"title", p.title},
                   {"description", p.description},
                   {"region", p.region},
                   {"recommended_rules", p.recommended_rules},
                   {"endpoint_count", p.endpoints.size()},
                   {"origin", p.origin}};
  if (with_endpoints) {
    j["endpoints"] = nlohmann::json::array();
    for (const auto& e : p.endpoints) {
      j["endpoints"].push_back(endpoint_json(e));
    }
  }
  return j;
}

} // namespace emready::report
