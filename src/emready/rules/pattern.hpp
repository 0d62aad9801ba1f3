#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace emready::rules {

// One position in a label-aligned pattern: a literal label, or a run of whole labels.
struct LabelToken
{
  static constexpr unsigned k_unbounded = std::numeric_limits<unsigned>::max();

  bool is_literal = true;
  std::string literal;        // when is_literal
  unsigned min_labels = 0;    // otherwise: how many whole labels the run may take
  unsigned max_labels = 0;
};

// What a rule matches, reduced to one of two mechanisms every dialect compiles into:
//   labels: host labels against tokens (literal labels and runs of whole labels);
//   glob:   the host as a raw string against '*' (any characters, dots too) and '?'.
// Every pattern has a key: the label-aligned literal suffix that each matching host ends
// with ("" when there is none), which lets an index find candidates without a scan.
class Pattern
{
public:
  // Matches nothing (e.g. a PAN-OS entry with a path, which a host alone never satisfies).
  static Pattern never();
  // `domain` preceded by `min`..`max` whole labels (0..0 is the exact host).
  static Pattern below(std::string domain, unsigned min, unsigned max);
  // Tokens from left to right, e.g. {run 1..1, "example", "com"}.
  static Pattern labels(std::vector<LabelToken> tokens);
  // A raw glob over the whole host name ('*' and '?'), compared byte for byte.
  static Pattern glob(std::string_view glob);

  // True when `host` (lower-case, no trailing dot) matches.
  bool matches(std::string_view host) const;

  // The index key, e.g. "srv.ygles.com" for "*.srv.ygles.com"; a view into the pattern.
  std::string_view key() const { return std::string_view(m_text).substr(m_key_offset); }

  // True for a pattern that can only ever match one host.
  bool is_exact() const;

  // True for a pattern that matches nothing at all.
  bool is_never() const { return m_kind == Kind::never; }

  // For a glob where a '*' runs straight into literal text ("*x.com"), which matches across
  // a label boundary: a host it lets through that the author hardly meant ("evilx.com").
  // "" for every other pattern.
  std::string partial_label_example() const;

private:
  // `below` is the common shape of `labels` (a run, then literal labels) kept as the domain
  // text and the run's bounds: no token list, and a match is a suffix compare and a count.
  enum class Kind { never, below, labels, glob };

  Kind m_kind = Kind::never;
  unsigned m_min = 0;              // below: the run's bounds (0..0: the exact domain)
  unsigned m_max = 0;
  std::size_t m_key_offset = 0;    // key() is m_text from here on
  std::string m_text;              // below: the domain; glob: the glob; labels: the key
  std::vector<LabelToken> m_tokens; // labels only
};

// True when `text` matches `glob` ('*' = any run of characters, '?' = one character).
bool glob_match(std::string_view glob, std::string_view text);

} // namespace emready::rules
