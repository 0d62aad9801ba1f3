#pragma once

#include "emready/core/error.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace emready::rules {

// The text of an input file and the name to blame in errors.
struct SourceText
{
  std::string file;
  std::string text;
};

// Reads a regular file of at most core::max_input_bytes() (core/input_file.hpp); throws
// core::InputError naming `what` and the OS reason when it cannot.
SourceText read_source(const std::string& path, const std::string& what = "allow-list");

// One line of a source with comments and surrounding blanks removed.
struct SourceLine
{
  std::string_view text;          // trimmed content, never empty
  core::SourceLocation location;  // points at the first character of `text`

  // The location of `part`, which must be a view into `text`.
  core::SourceLocation at(std::string_view part) const;
};

// Calls `fn` for every line that has content once everything from `comment` on is cut.
void for_each_line(const SourceText& source, std::string_view comment,
                   const std::function<void(const SourceLine&)>& fn);

// Splits on blanks (spaces and tabs); the pieces are views into `text`.
std::vector<std::string_view> split_words(std::string_view text);

// `text` without leading and trailing blanks.
std::string_view trim(std::string_view text);

// The 1-based line and column of byte `offset` in `source`, for a single error (many
// lookups in one text: a core::LineIndex).
core::SourceLocation location_at(const SourceText& source, std::size_t offset);

} // namespace emready::rules
