#pragma once

#include "emready/rules/coverage.hpp"
#include "emready/rules/rule.hpp"

#include <string>
#include <vector>

namespace emready::rules {

// Something worth an admin's attention about one rule of an allow-list.
struct Finding
{
  enum class Kind
  {
    over_match,   // covers far more than eM needs: every host, or a whole TLD
    raw_suffix,   // matches across a label boundary ("x.com" also lets "evilx.com" in)
    dead,         // names an eM domain but covers none of the chosen endpoints
    caution,      // something the dialect noticed while reading the rule
  };

  std::size_t rule = 0; // position in the allow-list's rules
  Kind kind = Kind::caution;
  std::string message;
};

// "over-match", "raw-suffix", "dead", "caution".
const char* to_string(Finding::Kind kind);

// Findings about `rules`, given how they cover the chosen targets, in rule order.
std::vector<Finding> lint(const std::vector<Rule>& rules,
                          const std::vector<TargetCoverage>& coverage);

} // namespace emready::rules
