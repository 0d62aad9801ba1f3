#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace emready::core {

// A position in an input file; line and column are 1-based.
struct SourceLocation
{
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string line_text; // the offending line, shown with a caret under `column`
};

// The one exception type for bad configuration, input or usage; caught once in cli::run.
class InputError : public std::runtime_error
{
public:
  explicit InputError(const std::string& message);
  InputError(const std::string& message, SourceLocation location);

  // Where the error is, if it came from a file.
  const std::optional<SourceLocation>& location() const { return m_location; }

private:
  std::optional<SourceLocation> m_location;
};

// Renders `emready: error: FILE:LINE:COL: message`, then the line and a caret.
std::string format_error(const InputError& error);

// The text of line `line` (1-based) of `text`, without its line break.
std::string line_of(std::string_view text, std::size_t line);

} // namespace emready::core
