#pragma once

#include "emready/rules/rule.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace emready::rules {

// Finds the rules matching a host without scanning them all: rules are bucketed by their
// pattern's key (a label-aligned suffix), and a host looks up only its own suffixes.
class RuleIndex
{
public:
  // Indexes `rules`, which must outlive the index.
  explicit RuleIndex(const std::vector<Rule>& rules);

  // Positions in `rules` (ascending, i.e. file order) of the rules whose pattern matches
  // `host`, whatever their ports.
  std::vector<std::size_t> matching(std::string_view host) const;

private:
  const std::vector<Rule>& m_rules;
  std::unordered_map<std::string, std::vector<std::size_t>> m_by_key;
};

} // namespace emready::rules
