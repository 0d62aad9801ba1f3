#include "emready/rules/dialects/pac_scan.hpp"

#include <array>
#include <cctype>

namespace emready::rules::dialects::pac {

namespace {

constexpr std::array<std::string_view, 3> k_functions{"shExpMatch", "dnsDomainIs",
                                                      "localHostOrDomainIs"};

bool is_ident(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// A cursor over one line with the few steps a host test needs.
struct Cursor
{
  std::string_view text;
  std::size_t pos;

  void skip_blanks()
  {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
      ++pos;
    }
  }
  bool take(std::string_view token)
  {
    skip_blanks();
    if (text.substr(pos).starts_with(token)) {
      pos += token.size();
      return true;
    }
    return false;
  }
  bool take_word(std::string_view word)
  {
    const auto start = pos;
    if (take(word) && (pos == text.size() || !is_ident(text[pos]))) {
      return true;
    }
    pos = start;
    return false;
  }
  // A double-quoted literal without escapes; its content.
  std::optional<std::string_view> take_string()
  {
    skip_blanks();
    if (pos >= text.size() || text[pos] != '"') {
      return std::nullopt;
    }
    const auto close = text.find('"', pos + 1);
    if (close == std::string_view::npos || text.substr(pos + 1, close - pos - 1).find('\\') !=
                                             std::string_view::npos) {
      return std::nullopt;
    }
    const auto content = text.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    return content;
  }
};

// f ( host , "literal" ) after the function name.
std::optional<std::string_view> call_argument(Cursor& c)
{
  if (!c.take("(") || !c.take_word("host") || !c.take(",")) {
    return std::nullopt;
  }
  const auto argument = c.take_string();
  return argument && c.take(")") ? argument : std::nullopt;
}

// == "literal" or === "literal" after the word host.
std::optional<std::string_view> comparison_argument(Cursor& c)
{
  if (!c.take("===") && !c.take("==")) {
    return std::nullopt;
  }
  return c.take_string();
}

} // namespace

Scan scan_host_tests(std::string_view line)
{
  Scan scan;
  std::size_t i = 0;
  while (i < line.size()) {
    const char ch = line[i];
    if (ch == '"' || ch == '\'') { // another string literal: skip it whole
      const auto close = line.find(ch, i + 1);
      i = close == std::string_view::npos ? line.size() : close + 1;
      continue;
    }
    if (!is_ident(ch) || (i > 0 && is_ident(line[i - 1]))) {
      ++i;
      continue;
    }
    auto end = i;
    while (end < line.size() && is_ident(line[end])) {
      ++end;
    }
    const auto word = line.substr(i, end - i);
    Cursor cursor{line, end};
    std::optional<std::string_view> argument;
    std::string_view function;
    for (const auto f : k_functions) {
      if (word == f) {
        function = f;
        argument = call_argument(cursor);
        if (!argument && !scan.unreadable) {
          scan.unreadable = i;
        }
      }
    }
    if (word == "host") {
      function = "==";
      argument = comparison_argument(cursor);
    }
    if (argument) {
      // '!' before the test, across blanks and opening parentheses: !dnsDomainIs(…), !(host == …)
      auto before = i;
      while (before > 0 && (line[before - 1] == ' ' || line[before - 1] == '\t' || line[before - 1] == '(')) {
        --before;
      }
      const bool negated = before > 0 && line[before - 1] == '!';
      scan.tests.push_back({line.substr(i, cursor.pos - i), function, *argument, negated});
      i = cursor.pos;
    } else {
      i = end;
    }
  }
  return scan;
}

std::string without_comments(std::string_view text)
{
  std::string out(text);
  std::size_t i = 0;
  while (i < out.size()) {
    const char c = out[i];
    if (c == '"' || c == '\'') { // a string literal, escapes included, ends at its quote or the line
      ++i;
      while (i < out.size() && out[i] != c && out[i] != '\n') {
        i += out[i] == '\\' ? std::size_t{2} : std::size_t{1};
      }
      ++i;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      while (i < out.size() && out[i] != '\n') {
        out[i++] = ' ';
      }
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      const auto close = out.find("*/", i + 2);
      const auto end = close == std::string::npos ? out.size() : close + 2;
      for (; i < end; ++i) {
        if (out[i] != '\n') {
          out[i] = ' ';
        }
      }
    } else {
      ++i;
    }
  }
  return out;
}

} // namespace emready::rules::dialects::pac
