#include "emready/rules/rule_index.hpp"

#include "emready/core/error.hpp"

#include <algorithm>
#include <functional>

namespace emready::rules {

namespace {

std::size_t hash_of(std::string_view key)
{
  return std::hash<std::string_view>{}(key);
}

} // namespace

RuleIndex::RuleIndex(const std::vector<Rule>& rules) : m_rules(rules), m_next(rules.size(), k_none)
{
  if (rules.size() >= k_none) {
    throw core::InputError("the allow-list has too many rules to index");
  }
  std::size_t capacity = 16;
  while (capacity < 2 * rules.size()) {
    capacity *= 2;
  }
  m_slots.resize(capacity);
  const std::size_t mask = capacity - 1;
  // Last rule first, so each bucket ends up chained in file order.
  for (std::size_t i = rules.size(); i-- > 0;) {
    const auto& pattern = rules[i].pattern;
    if (pattern.is_never()) {
      continue;
    }
    const auto key = pattern.key();
    const auto hash = hash_of(key);
    for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
      auto& slot = m_slots[s];
      if (slot.first == k_none) {
        slot = {static_cast<std::uint32_t>(hash), static_cast<std::uint32_t>(i)};
        break;
      }
      if (slot.hash == static_cast<std::uint32_t>(hash) &&
          rules[slot.first].pattern.key() == key) {
        m_next[i] = slot.first;
        slot.first = static_cast<std::uint32_t>(i);
        break;
      }
    }
  }
}

std::uint32_t RuleIndex::first_with_key(std::string_view key) const
{
  const std::size_t mask = m_slots.size() - 1;
  const auto hash = hash_of(key);
  for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
    const auto& slot = m_slots[s];
    if (slot.first == k_none) {
      return k_none;
    }
    if (slot.hash == static_cast<std::uint32_t>(hash) &&
        m_rules[slot.first].pattern.key() == key) {
      return slot.first;
    }
  }
}

template <class Fn> void RuleIndex::for_each_candidate(std::string_view host, Fn&& fn) const
{
  const auto visit = [&](std::string_view suffix) {
    for (auto i = first_with_key(suffix); i != k_none; i = m_next[i]) {
      fn(static_cast<std::size_t>(i));
    }
  };
  // "a.b.c" looks up "a.b.c", "b.c", "c" and "" (rules with no literal suffix), each once:
  // "" and "a.b." have an empty suffix too, which is the "" bucket.
  std::size_t start = 0;
  while (start < host.size()) {
    visit(host.substr(start));
    const auto dot = host.find('.', start);
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  visit("");
}

std::vector<std::size_t> RuleIndex::matching(std::string_view host) const
{
  std::vector<std::size_t> out;
  for_each_candidate(host, [&](std::size_t i) {
    if (m_rules[i].pattern.matches(host)) {
      out.push_back(i);
    }
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t RuleIndex::candidates(std::string_view host) const
{
  std::size_t count = 0;
  for_each_candidate(host, [&](std::size_t) { ++count; });
  return count;
}

} // namespace emready::rules
