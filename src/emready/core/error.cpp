#include "emready/core/error.hpp"

#include <fmt/format.h>

namespace emready::core {

InputError::InputError(const std::string& message) : std::runtime_error(message) {}

InputError::InputError(const std::string& message, SourceLocation location)
  : std::runtime_error(message),
    m_location(std::move(location))
{
}

InputError InputError::in_context(const std::string& prefix, const std::string& suffix) const
{
  if (m_location) {
    return *this; // "FILE:LINE:COL:" already says where it came from
  }
  auto message = prefix.empty() ? std::string(what()) : prefix + ": " + what();
  if (!suffix.empty()) {
    message += " " + suffix;
  }
  return InputError(message);
}

std::string format_error(const InputError& error)
{
  const auto& loc = error.location();
  if (!loc) {
    return fmt::format("emready: error: {}\n", error.what());
  }
  std::string out =
    fmt::format("emready: error: {}:{}:{}: {}\n", loc->file, loc->line, loc->column, error.what());
  if (!loc->line_text.empty()) {
    // Tabs stay tabs so the caret lines up under the same character in a terminal.
    std::string pad;
    for (std::size_t i = 0; i + 1 < loc->column && i < loc->line_text.size(); ++i) {
      pad += loc->line_text[i] == '\t' ? '\t' : ' ';
    }
    out += fmt::format("  {}\n  {}^\n", loc->line_text, pad);
  }
  return out;
}

std::string line_of(std::string_view text, std::size_t line)
{
  std::size_t start = 0;
  for (std::size_t n = 1; n < line; ++n) {
    const auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      return {};
    }
    start = nl + 1;
  }
  auto end = text.find('\n', start);
  if (end == std::string_view::npos) {
    end = text.size();
  }
  if (end > start && text[end - 1] == '\r') {
    --end;
  }
  return std::string(text.substr(start, end - start));
}

} // namespace emready::core
