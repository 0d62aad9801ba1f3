#include "emready/report/style.hpp"

#include <sys/ioctl.h>

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
  std::size_t width = 80;
  winsize size{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) {
    width = size.ws_col;
  } else if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    const auto parsed = std::strtoul(columns, nullptr, 10);
    width = parsed >= 40 && parsed <= 1000 ? parsed : 80;
  }
  return Style(enabled, width);
}

std::string Style::paint(std::string_view code, std::string_view text) const
{
  return m_enabled ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
}

} // namespace emready::report
