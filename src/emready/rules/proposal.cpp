#include "emready/rules/proposal.hpp"

#include "emready/core/host_name.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

namespace emready::rules {

namespace {

struct Candidate
{
  std::string entry;
  bool wildcard = false;
};

bool covers(const Dialect& dialect, const std::string& entry, const std::string& host)
{
  // Compiled as it would be written (port-aware dialects need their ports to parse).
  const auto text = dialect.with_ports(entry, {});
  return dialect.compile(text, core::SourceLocation{"<proposal>", 0, 0, text})
    .pattern.matches(host);
}

// `domain`, then each domain one label deeper, down to the host's parent.
std::vector<std::string> domains_from(const std::string& domain, const std::string& host)
{
  std::vector<std::string> out;
  const auto labels = core::split_labels(host);
  for (std::size_t n = core::split_labels(domain).size(); n < labels.size(); ++n) {
    const auto& first = labels[labels.size() - n]; // the host's last n labels start here
    out.emplace_back(host.substr(static_cast<std::size_t>(first.data() - host.data())));
  }
  return out;
}

Candidate candidate_for(const Dialect& dialect, const std::string& host,
                        const std::vector<std::string>& recommended)
{
  for (const auto& domain : recommended) {
    if (host == domain || !core::is_within(host, domain)) {
      continue;
    }
    for (const auto& wider : domains_from(domain, host)) {
      const auto entry = dialect.wildcard_entry(wider);
      if (entry && covers(dialect, *entry, host)) {
        return {*entry, true};
      }
    }
  }
  return {dialect.exact_entry(host), false};
}

void add_unique(std::vector<std::uint16_t>& ports, std::uint16_t port)
{
  if (std::find(ports.begin(), ports.end(), port) == ports.end()) {
    ports.push_back(port);
  }
}

} // namespace

std::vector<ProposedRule> propose(const Dialect& dialect,
                                  const std::vector<TargetCoverage>& coverage,
                                  const std::vector<std::string>& recommended)
{
  std::vector<ProposedRule> rules;
  std::unordered_map<std::string, std::size_t> by_entry; // a scan per host was quadratic (100,000 hosts: 68 s)
  for (const auto& item : coverage) {
    const auto unmet = item.unmet_clauses();
    if (unmet.empty()) {
      continue;
    }
    const auto& host = item.target->host;
    const auto candidate = candidate_for(dialect, host, recommended);
    const auto [slot, added] = by_entry.emplace(candidate.entry, rules.size());
    if (added) {
      rules.push_back({candidate.entry, candidate.wildcard, {}, {}, {}});
    }
    auto* it = &rules[slot->second];
    it->hosts.push_back(host);
    for (const auto& clause : unmet) {
      add_unique(it->ports, clause.front());
      if (clause.size() > 1) {
        it->comment = fmt::format("{}: {} or {}", host, clause.front(),
                                  fmt::join(clause.begin() + 1, clause.end(), " or "));
      }
    }
  }
  for (auto& rule : rules) {
    std::sort(rule.ports.begin(), rule.ports.end());
    rule.entry = dialect.with_ports(rule.entry, rule.ports);
  }
  std::stable_partition(rules.begin(), rules.end(), [](const auto& r) { return r.wildcard; });
  return rules;
}

std::vector<std::string> recommended_domains(const std::vector<const profile::Profile*>& profiles)
{
  std::vector<std::string> out;
  for (const auto* profile : profiles) {
    for (const auto& rule : profile->recommended_rules) {
      const auto domain = profile::wildcard_domain(rule);
      if (std::find(out.begin(), out.end(), domain) == out.end()) {
        out.push_back(domain);
      }
    }
  }
  return out;
}

std::vector<std::string> no_inspection_hosts(const std::vector<plan::Target>& targets)
{
  std::vector<std::string> out;
  for (const auto& target : targets) {
    if (target.mutual_tls) {
      out.push_back(target.host);
    }
  }
  return out;
}

} // namespace emready::rules
