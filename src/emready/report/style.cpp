#include "emready/report/style.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

namespace emready::report {

Style Style::for_stdout()
{
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  const bool enabled = isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0') &&
                       (term == nullptr || std::string_view(term) != "dumb");
  return Style(enabled);
}

std::string Style::paint(std::string_view code, std::string_view text) const
{
  return m_enabled ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
}

} // namespace emready::report
