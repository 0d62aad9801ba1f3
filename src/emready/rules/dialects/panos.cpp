#include "emready/rules/dialects/panos.hpp"

#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/source_text.hpp"

#include "emready/core/host_name.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects::panos {

Pattern compile_labels(std::string_view host, const core::SourceLocation& where,
                       std::string_view dialect, unsigned star_min, unsigned star_max)
{
  std::vector<LabelToken> tokens;
  bool literal_seen = false;
  for (const auto label : core::split_labels(host)) {
    if (label == "*") {
      tokens.push_back({false, {}, star_min, star_max});
    } else if (label == "^") {
      tokens.push_back({false, {}, 1, 1});
    } else if (label.find_first_of("*^") != std::string_view::npos) {
      fail(where, fmt::format("{}: '*' and '^' must stand for whole labels, as in "
                              "'*.example.com' (not '{}')", dialect, label));
    } else {
      if (const auto problem = core::host_name_problem(label, 1); !problem.empty()) {
        fail(where, fmt::format("{}: invalid rule '{}': {}", dialect, host, problem));
      }
      tokens.push_back({true, core::to_lower(label), 0, 0});
      literal_seen = true;
    }
  }
  if (!literal_seen) {
    tokens = {{false, {}, 1, LabelToken::k_unbounded}};
  }
  return Pattern::labels(std::move(tokens));
}

std::vector<std::string_view> set_list_values(std::string_view line)
{
  const auto words = split_words(line);
  std::vector<std::string_view> values;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "list") {
      continue;
    }
    if (words[i + 1] != "[") {
      values.push_back(unquote(words[i + 1]));
      return values;
    }
    for (std::size_t j = i + 2; j < words.size() && words[j] != "]"; ++j) {
      values.push_back(unquote(words[j]));
    }
    return values;
  }
  return values;
}

} // namespace emready::rules::dialects::panos
