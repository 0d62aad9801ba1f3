#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace emready::report {

// A plain text table: columns as wide as their widest cell, two spaces apart.
class Table
{
public:
  explicit Table(std::vector<std::string> header) : m_rows{std::move(header)} {}

  // Adds a row; `shown` is what is printed (maybe coloured), the widths use `plain`.
  void add(std::vector<std::string> plain, std::vector<std::string> shown = {});

  // Writes the table, header first. With `width`, the last column wraps (at spaces) under
  // itself so no line is longer than `width` (when the other columns leave it 20 or more).
  void print(std::ostream& out, std::size_t width = 0) const;

private:
  std::vector<std::vector<std::string>> m_rows;
  std::vector<std::vector<std::string>> m_shown;
};

} // namespace emready::report
