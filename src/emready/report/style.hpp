#pragma once

#include <string>
#include <string_view>

namespace emready::report {

// Terminal colours, on only for a TTY without NO_COLOR and with a TERM other than "dumb".
class Style
{
public:
  explicit Style(bool enabled, std::size_t width = 80) : m_enabled(enabled), m_width(width) {}

  // Decides for standard output from isatty, NO_COLOR and TERM; the width from the
  // terminal (TIOCGWINSZ), else COLUMNS, else 80.
  static Style for_stdout();

  // The columns a line may take.
  std::size_t width() const { return m_width; }

  std::string good(std::string_view text) const { return paint("32", text); }
  std::string bad(std::string_view text) const { return paint("31;1", text); }
  std::string warn(std::string_view text) const { return paint("33", text); }
  std::string bold(std::string_view text) const { return paint("1", text); }
  std::string dim(std::string_view text) const { return paint("2", text); }

private:
  std::string paint(std::string_view code, std::string_view text) const;

  bool m_enabled;
  std::size_t m_width;
};

} // namespace emready::report
