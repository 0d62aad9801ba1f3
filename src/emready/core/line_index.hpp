#pragma once

#include "emready/core/error.hpp"

#include <string>
#include <vector>

namespace emready::core {

// Where each line of a text starts, so a byte offset becomes a line and column in
// O(log n) (a rescan from the start per lookup made a 60,000-target JSON list quadratic).
class LineIndex
{
public:
  // `text` must outlive the index.
  LineIndex(const std::string& file, const std::string& text);

  // The 1-based line and column of byte `offset`, with the line's text for the caret.
  SourceLocation at(std::size_t offset) const;

  // The text of line `line` (1-based) without its line break; "" past the end.
  std::string line_text(std::size_t line) const;

private:
  const std::string& m_file;
  const std::string& m_text;
  std::vector<std::size_t> m_starts; // offset of each line's first byte
};

} // namespace emready::core
