#include "emready/rules/pattern.hpp"

#include "emready/core/host_name.hpp"

#include <algorithm>

namespace emready::rules {

namespace {

using Labels = std::vector<std::string_view>;

bool match_tokens(const std::vector<LabelToken>& tokens, std::size_t ti, const Labels& labels,
                  std::size_t li)
{
  if (ti == tokens.size()) {
    return li == labels.size();
  }
  const auto& token = tokens[ti];
  if (token.is_literal) {
    return li < labels.size() && labels[li] == token.literal &&
           match_tokens(tokens, ti + 1, labels, li + 1);
  }
  const std::size_t left = labels.size() - li;
  const std::size_t most = std::min<std::size_t>(token.max_labels, left);
  for (std::size_t n = token.min_labels; n <= most; ++n) {
    if (match_tokens(tokens, ti + 1, labels, li + n)) {
      return true;
    }
  }
  return false;
}

// The literal labels after the last run, joined: what every match must end with.
std::string key_of_tokens(const std::vector<LabelToken>& tokens)
{
  std::string key;
  for (auto it = tokens.rbegin(); it != tokens.rend() && it->is_literal; ++it) {
    key = key.empty() ? it->literal : it->literal + "." + key;
  }
  return key;
}

// The label-aligned part of the literal text after a glob's last wildcard.
std::string key_of_glob(std::string_view glob)
{
  const auto last = glob.find_last_of("*?");
  if (last == std::string_view::npos) {
    return std::string(glob);
  }
  auto tail = glob.substr(last + 1);
  // "*.x.com" → tail ".x.com" → "x.com"; "*x.com" → "x.com" → "com" (the 'x' is partial).
  const auto dot = tail.find('.');
  return dot == std::string_view::npos ? std::string() : std::string(tail.substr(dot + 1));
}

} // namespace

Pattern Pattern::never()
{
  return Pattern();
}

Pattern Pattern::below(std::string_view domain, unsigned min, unsigned max)
{
  std::vector<LabelToken> tokens;
  if (max > 0) {
    tokens.push_back({false, {}, min, max});
  }
  for (const auto label : core::split_labels(domain)) {
    tokens.push_back({true, std::string(label), 0, 0});
  }
  return labels(std::move(tokens));
}

Pattern Pattern::labels(std::vector<LabelToken> tokens)
{
  Pattern pattern;
  pattern.m_kind = Kind::labels;
  pattern.m_key = key_of_tokens(tokens);
  pattern.m_tokens = std::move(tokens);
  return pattern;
}

Pattern Pattern::glob(std::string_view glob)
{
  Pattern pattern;
  pattern.m_kind = Kind::glob;
  pattern.m_glob = std::string(glob);
  pattern.m_key = key_of_glob(glob);
  return pattern;
}

bool Pattern::matches(std::string_view host) const
{
  switch (m_kind) {
  case Kind::never:
    return false;
  case Kind::labels:
    return match_tokens(m_tokens, 0, core::split_labels(host), 0);
  case Kind::glob:
    return glob_match(m_glob, host);
  }
  return false;
}

bool Pattern::is_exact() const
{
  switch (m_kind) {
  case Kind::never:
    return false;
  case Kind::labels:
    return std::all_of(m_tokens.begin(), m_tokens.end(), [](const auto& t) {
      return t.is_literal || t.max_labels == 0;
    });
  case Kind::glob:
    return m_glob.find_first_of("*?") == std::string::npos;
  }
  return false;
}

std::string Pattern::partial_label_example() const
{
  if (m_kind != Kind::glob) {
    return {};
  }
  for (std::size_t i = 0; i + 1 < m_glob.size(); ++i) {
    if (m_glob[i] == '*' && m_glob[i + 1] != '.' && m_glob[i + 1] != '*') {
      std::string example = m_glob.substr(0, i) + "evil" + m_glob.substr(i + 1);
      std::replace_if(example.begin(), example.end(), [](char c) { return c == '*' || c == '?'; },
                      'x');
      return example;
    }
  }
  return {};
}

bool glob_match(std::string_view glob, std::string_view text)
{
  // Iterative matcher with one backtrack point: linear in practice, no recursion.
  std::size_t g = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (g < glob.size() && (glob[g] == '?' || glob[g] == text[t])) {
      ++g;
      ++t;
    } else if (g < glob.size() && glob[g] == '*') {
      star = g++;
      star_text = t;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') {
    ++g;
  }
  return g == glob.size();
}

} // namespace emready::rules
