#pragma once

#include "emready/rules/rule.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace emready::rules {

// Finds the rules matching a host without scanning them all: rules are bucketed by their
// pattern's key (a label-aligned suffix), and a host looks up only its own suffixes, so a
// lookup tests only the rules whose key the host ends with.
//
// The buckets live in one open-addressing table keyed by views of the rules' own keys, and
// the rules of a bucket are chained through one array in file order: building the index
// allocates two arrays, whatever the number of rules or keys.
class RuleIndex
{
public:
  // Indexes `rules`, which must outlive the index (and not change while it exists).
  explicit RuleIndex(const std::vector<Rule>& rules);

  // Positions in `rules` (ascending, i.e. file order) of the rules whose pattern matches
  // `host`, whatever their ports.
  std::vector<std::size_t> matching(std::string_view host) const;

  // How many rules a lookup of `host` tests: those whose key is one of its suffixes.
  std::size_t candidates(std::string_view host) const;

private:
  static constexpr std::uint32_t k_none = 0xffffffffU;

  struct Slot
  {
    std::uint32_t hash = 0;      // the key's hash, truncated: most mismatches stop here
    std::uint32_t first = k_none; // the bucket's first rule, k_none for an empty slot
  };

  // The first rule whose key is `key`, or k_none.
  std::uint32_t first_with_key(std::string_view key) const;

  // Calls fn(i) for every rule whose key is a suffix of `host` (or empty).
  template <class Fn> void for_each_candidate(std::string_view host, Fn&& fn) const;

  const std::vector<Rule>& m_rules;
  std::vector<Slot> m_slots;         // a power of two, at most half full
  std::vector<std::uint32_t> m_next; // the next rule in the same bucket, k_none at the end
};

} // namespace emready::rules
