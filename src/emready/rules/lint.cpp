#include "emready/rules/lint.hpp"

#include "emready/core/host_name.hpp"

#include <fmt/format.h>
#include <unordered_set>

namespace emready::rules {

namespace {

// The last two labels ("ygles.com"): close enough to a registrable domain for eM's names.
std::string_view base_domain(std::string_view name)
{
  const auto last = name.rfind('.');
  if (last == std::string_view::npos || last == 0) {
    return {};
  }
  const auto second = name.rfind('.', last - 1);
  return second == std::string_view::npos ? name : name.substr(second + 1);
}

std::optional<Finding> breadth_finding(std::size_t i, const Rule& rule)
{
  const auto& pattern = rule.pattern;
  if (pattern.is_never() || pattern.is_exact()) {
    return std::nullopt;
  }
  // A raw suffix first: its index key drops the partial label, so it is no TLD rule.
  if (const auto example = pattern.partial_label_example(); !example.empty()) {
    return Finding{i, Finding::Kind::raw_suffix,
                   fmt::format("is a raw suffix, not a domain: it also matches '{}'", example)};
  }
  if (pattern.key().empty()) {
    return Finding{i, Finding::Kind::over_match, "matches every host name"};
  }
  if (pattern.key().find('.') == std::string::npos) {
    return Finding{i, Finding::Kind::over_match,
                   fmt::format("covers the whole top-level domain .{}", pattern.key())};
  }
  return std::nullopt;
}

} // namespace

const char* to_string(Finding::Kind kind)
{
  switch (kind) {
  case Finding::Kind::over_match:
    return "over-match";
  case Finding::Kind::raw_suffix:
    return "raw-suffix";
  case Finding::Kind::dead:
    return "dead";
  case Finding::Kind::caution:
    return "caution";
  }
  return "?";
}

std::vector<Finding> lint(const std::vector<Rule>& rules,
                          const std::vector<TargetCoverage>& coverage)
{
  std::vector<bool> used(rules.size(), false);
  std::unordered_set<std::string_view> em_domains;
  for (const auto& item : coverage) {
    for (const auto i : item.host_rules) {
      used[i] = true;
    }
    em_domains.insert(base_domain(item.target->host));
  }
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    for (const auto& caution : rule.cautions) {
      findings.push_back({i, Finding::Kind::caution, caution});
    }
    if (!rule.dead.empty()) {
      findings.push_back({i, Finding::Kind::dead, rule.dead});
      continue;
    }
    if (auto finding = breadth_finding(i, rule)) {
      findings.push_back(std::move(*finding));
    }
    const auto base = base_domain(rule.pattern.key());
    if (!used[i] && !base.empty() && em_domains.contains(base)) {
      findings.push_back({i, Finding::Kind::dead,
                          fmt::format("names the eM domain {} but matches none of the chosen "
                                      "agents' endpoints", base)});
    }
  }
  return findings;
}

} // namespace emready::rules
