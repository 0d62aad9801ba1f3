#include "emready/rules/source_text.hpp"

#include "emready/core/input_file.hpp"
#include "emready/core/line_index.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <sstream>

namespace emready::rules {

SourceText read_source(const std::string& path, const std::string& what)
{
  return {path, core::read_input_file(path, what)};
}

core::SourceLocation SourceLine::at(std::string_view part) const
{
  auto loc = location;
  loc.column += static_cast<std::size_t>(part.data() - text.data());
  return loc;
}

std::string_view trim(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

void for_each_line(const SourceText& source, std::string_view comment,
                   const std::function<void(const SourceLine&)>& fn)
{
  const std::string_view all = source.text;
  // One line object for the whole file: its strings keep their buffers from line to line.
  SourceLine line{{}, {source.file, 0, 0, {}}};
  std::size_t start = 0;
  std::size_t number = 1;
  while (start < all.size()) {
    auto end = all.find('\n', start);
    if (end == std::string_view::npos) {
      end = all.size();
    }
    const auto raw = all.substr(start, end - start);
    auto content = comment.empty() ? raw : raw.substr(0, raw.find(comment));
    content = trim(content);
    if (!content.empty()) {
      line.text = content;
      line.location.line = number;
      line.location.column = static_cast<std::size_t>(content.data() - raw.data()) + 1;
      line.location.line_text.assign(raw.ends_with('\r') ? raw.substr(0, raw.size() - 1) : raw);
      fn(line);
    }
    start = end + 1;
    ++number;
  }
}

std::vector<std::string_view> split_words(std::string_view text)
{
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (true) {
    const auto first = text.find_first_not_of(" \t", pos);
    if (first == std::string_view::npos) {
      return words;
    }
    const auto last = std::min(text.find_first_of(" \t", first), text.size());
    words.push_back(text.substr(first, last - first));
    pos = last;
  }
}

core::SourceLocation location_at(const SourceText& source, std::size_t offset)
{
  return core::LineIndex(source.file, source.text).at(offset);
}

} // namespace emready::rules
