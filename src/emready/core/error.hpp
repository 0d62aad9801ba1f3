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

  // The same error as seen from the caller: "PREFIX: message SUFFIX" (unchanged when it has a
  // location: FILE:LINE:COL already names its origin). Lower layers state facts; the CLI
  // adds the flag or file that led there.
  InputError in_context(const std::string& prefix, const std::string& suffix = "") const;

private:
  std::optional<SourceLocation> m_location;
};

// Runs `step` and returns its result; an InputError it throws is rethrown in the context of
// `prefix` (and `suffix`), e.g. with_context("--ca-file", [&] { return load(path); }).
template <typename Step>
auto with_context(const std::string& prefix, Step&& step, const std::string& suffix = "")
  -> decltype(step())
{
  try {
    return step();
  } catch (const InputError& error) {
    throw error.in_context(prefix, suffix);
  }
}

// Renders `emready: error: FILE:LINE:COL: message`, then the line and a caret.
std::string format_error(const InputError& error);

// The text of line `line` (1-based) of `text`, without its line break.
std::string line_of(std::string_view text, std::size_t line);

} // namespace emready::core
