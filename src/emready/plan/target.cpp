#include "emready/plan/target.hpp"

#include <algorithm>
#include <unordered_map>

namespace emready::plan {

namespace {

bool contains(const std::vector<std::uint16_t>& ports, std::uint16_t port)
{
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

// True when every port of `small` is in `big`: meeting `small` then meets `big` too.
bool implies(const PortClause& small, const PortClause& big)
{
  return std::all_of(small.begin(), small.end(), [&](auto p) { return contains(big, p); });
}

void add_unique(std::vector<std::string>& list, const std::string& item)
{
  if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) {
    list.push_back(item);
  }
}

} // namespace

bool Target::required() const
{
  return std::any_of(needs.begin(), needs.end(), [](const Need& n) { return n.required; });
}

std::vector<std::string> Target::agents() const
{
  std::vector<std::string> out;
  for (const auto& need : needs) {
    out.push_back(need.agent);
  }
  return out;
}

std::vector<PortClause> Target::clauses() const
{
  const bool any_required = required();
  std::vector<PortClause> all;
  for (const auto& need : needs) {
    if (need.required || !any_required) {
      all.insert(all.end(), need.clauses.begin(), need.clauses.end());
    }
  }
  return merge_clauses(std::move(all));
}

std::vector<std::string> Target::conditions() const
{
  std::vector<std::string> out;
  for (const auto& need : needs) {
    if (!need.required) {
      add_unique(out, need.condition);
    }
  }
  return out;
}

std::vector<PortClause> clauses_of(const profile::Endpoint& endpoint)
{
  if (endpoint.any_port) {
    return {endpoint.ports};
  }
  std::vector<PortClause> out;
  for (const auto port : endpoint.ports) {
    out.push_back({port});
  }
  return out;
}

std::vector<PortClause> merge_clauses(std::vector<PortClause> clauses)
{
  std::vector<PortClause> out;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    bool redundant = false;
    for (std::size_t j = 0; j < clauses.size() && !redundant; ++j) {
      if (i == j || !implies(clauses[j], clauses[i])) {
        continue;
      }
      // Equal clauses: keep the first only; otherwise the stricter one wins.
      redundant = !implies(clauses[i], clauses[j]) || j < i;
    }
    if (!redundant) {
      out.push_back(clauses[i]);
    }
  }
  return out;
}

bool meets(const std::vector<PortClause>& clauses, const std::vector<std::uint16_t>& available)
{
  return std::all_of(clauses.begin(), clauses.end(), [&](const PortClause& clause) {
    return std::any_of(clause.begin(), clause.end(), [&](auto p) { return contains(available, p); });
  });
}

std::vector<Target> plan_targets(const std::vector<const profile::Profile*>& profiles)
{
  std::vector<Target> targets;
  std::unordered_map<std::string, std::size_t> by_host; // a scan per endpoint was quadratic
  for (const auto* profile : profiles) {
    for (const auto& endpoint : profile->endpoints) {
      const auto [slot, added] = by_host.emplace(endpoint.host, targets.size());
      if (added) {
        targets.push_back(Target{endpoint.host, {}, {}, endpoint.protocol, false, {}});
      }
      auto* it = &targets[slot->second];
      for (const auto port : endpoint.ports) {
        if (!contains(it->ports, port)) {
          it->ports.push_back(port);
        }
      }
      it->needs.push_back(
        Need{profile->agent, clauses_of(endpoint), endpoint.required, endpoint.condition});
      it->mutual_tls = it->mutual_tls || endpoint.mutual_tls;
      add_unique(it->notes, endpoint.port_note);
      add_unique(it->notes, endpoint.note);
    }
  }
  return targets;
}

} // namespace emready::plan
