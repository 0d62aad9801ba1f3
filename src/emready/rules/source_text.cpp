#include "emready/rules/source_text.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace emready::rules {

SourceText read_source(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::InputError(fmt::format("cannot read '{}'", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return {path, text.str()};
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
      const auto column = static_cast<std::size_t>(content.data() - raw.data()) + 1;
      auto line_text = std::string(raw);
      if (!line_text.empty() && line_text.back() == '\r') {
        line_text.pop_back();
      }
      fn(SourceLine{content, {source.file, number, column, std::move(line_text)}});
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
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < source.text.size(); ++i) {
    if (source.text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {source.file, line, offset - line_start + 1, core::line_of(source.text, line)};
}

} // namespace emready::rules
