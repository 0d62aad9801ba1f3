#include "emready/rules/rule_index.hpp"

#include <algorithm>

namespace emready::rules {

RuleIndex::RuleIndex(const std::vector<Rule>& rules) : m_rules(rules)
{
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!rules[i].pattern.is_never()) {
      m_by_key[rules[i].pattern.key()].push_back(i);
    }
  }
}

std::vector<std::size_t> RuleIndex::matching(std::string_view host) const
{
  std::vector<std::size_t> out;
  const auto visit = [&](std::string_view suffix) {
    const auto it = m_by_key.find(std::string(suffix));
    if (it == m_by_key.end()) {
      return;
    }
    for (const auto i : it->second) {
      if (m_rules[i].pattern.matches(host)) {
        out.push_back(i);
      }
    }
  };
  // "a.b.c" looks up "a.b.c", "b.c", "c" and "" (rules with no literal suffix).
  std::size_t start = 0;
  while (true) {
    visit(host.substr(start));
    const auto dot = host.find('.', start);
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  visit("");
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace emready::rules
