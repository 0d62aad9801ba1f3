#include "emready/rules/pattern.hpp"

#include "emready/core/host_name.hpp"

#include <algorithm>
#include <array>
#include <span>

namespace emready::rules {

namespace {

using Labels = std::span<const std::string_view>;

bool match_tokens(const std::vector<LabelToken>& tokens, std::size_t ti, Labels labels,
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

// match_tokens over the labels of `host`, split on the stack (no allocation) unless the
// name has more labels than any valid host name can.
bool match_host(const std::vector<LabelToken>& tokens, std::string_view host)
{
  std::array<std::string_view, 128> labels;
  std::size_t count = 0;
  std::size_t start = 0;
  while (!host.empty()) {
    if (count == labels.size()) {
      const auto all = core::split_labels(host);
      return match_tokens(tokens, 0, all, 0);
    }
    const auto dot = host.find('.', start);
    labels[count++] = host.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return match_tokens(tokens, 0, Labels(labels.data(), count), 0);
}

// The same as matching the tokens {run min..max, the labels of domain} (no run when max is
// 0), by comparing the tail of `host` and counting the labels in front of it.
bool match_below(std::string_view domain, unsigned min, unsigned max, std::string_view host)
{
  std::string_view front; // the labels the run must take, "" when there are none
  bool has_front = false;
  if (domain.empty()) {
    front = host;
    has_front = !host.empty();
  } else if (host.size() == domain.size()) {
    if (host != domain) {
      return false;
    }
  } else {
    if (host.size() <= domain.size() || !host.ends_with(domain) ||
        host[host.size() - domain.size() - 1] != '.') {
      return false;
    }
    front = host.substr(0, host.size() - domain.size() - 1);
    has_front = true;
  }
  if (!has_front) {
    return max == 0 || min == 0;
  }
  if (max == 0) {
    return false;
  }
  const auto depth = static_cast<std::size_t>(std::count(front.begin(), front.end(), '.')) + 1;
  return depth >= min && depth <= max;
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

// Where the label-aligned part of the literal text after a glob's last wildcard starts.
std::size_t key_offset_of_glob(std::string_view glob)
{
  const auto last = glob.find_last_of("*?");
  if (last == std::string_view::npos) {
    return 0;
  }
  // "*.x.com" → tail ".x.com" → "x.com"; "*x.com" → "x.com" → "com" (the 'x' is partial).
  const auto dot = glob.find('.', last + 1);
  return dot == std::string_view::npos ? glob.size() : dot + 1;
}

} // namespace

Pattern Pattern::never()
{
  return Pattern();
}

Pattern Pattern::below(std::string domain, unsigned min, unsigned max)
{
  Pattern pattern;
  pattern.m_kind = Kind::below;
  pattern.m_min = min;
  pattern.m_max = max;
  pattern.m_text = std::move(domain);
  return pattern;
}

Pattern Pattern::labels(std::vector<LabelToken> tokens)
{
  Pattern pattern;
  pattern.m_kind = Kind::labels;
  pattern.m_text = key_of_tokens(tokens);
  pattern.m_tokens = std::move(tokens);
  return pattern;
}

Pattern Pattern::glob(std::string_view glob)
{
  Pattern pattern;
  pattern.m_kind = Kind::glob;
  pattern.m_text = std::string(glob);
  pattern.m_key_offset = key_offset_of_glob(glob);
  return pattern;
}

bool Pattern::matches(std::string_view host) const
{
  switch (m_kind) {
  case Kind::never:
    return false;
  case Kind::below:
    return match_below(m_text, m_min, m_max, host);
  case Kind::labels:
    return match_host(m_tokens, host);
  case Kind::glob:
    return glob_match(m_text, host);
  }
  return false;
}

bool Pattern::is_exact() const
{
  switch (m_kind) {
  case Kind::never:
    return false;
  case Kind::below:
    return m_max == 0;
  case Kind::labels:
    return std::all_of(m_tokens.begin(), m_tokens.end(), [](const auto& t) {
      return t.is_literal || t.max_labels == 0;
    });
  case Kind::glob:
    return m_text.find_first_of("*?") == std::string::npos;
  }
  return false;
}

std::string Pattern::partial_label_example() const
{
  if (m_kind != Kind::glob) {
    return {};
  }
  const auto& glob = m_text;
  for (std::size_t i = 0; i + 1 < glob.size(); ++i) {
    if (glob[i] == '*' && glob[i + 1] != '.' && glob[i + 1] != '*') {
      std::string example = glob.substr(0, i) + "evil" + glob.substr(i + 1);
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
