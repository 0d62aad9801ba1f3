#pragma once

#include <string>
#include <string_view>

namespace emready::report {

// Terminal colours, on only for a TTY without NO_COLOR and with a TERM other than "dumb".
class Style
{
public:
  explicit Style(bool enabled) : m_enabled(enabled) {}

  // Decides for standard output from isatty, NO_COLOR and TERM.
  static Style for_stdout();

  std::string good(std::string_view text) const { return paint("32", text); }
  std::string bad(std::string_view text) const { return paint("31;1", text); }
  std::string warn(std::string_view text) const { return paint("33", text); }
  std::string bold(std::string_view text) const { return paint("1", text); }
  std::string dim(std::string_view text) const { return paint("2", text); }

private:
  std::string paint(std::string_view code, std::string_view text) const;

  bool m_enabled;
};

} // namespace emready::report
