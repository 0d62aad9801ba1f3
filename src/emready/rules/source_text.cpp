#include "emready/rules/source_text.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <sstream>

namespace emready::rules {

SourceText read_source(const std::string& path)
{
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::InputError(fmt::format("cannot read '{}': {}", path,
                                       errno != 0 ? std::strerror(errno) : "cannot be opened"));
  }
  // Straight into the string when the size is known (a regular file); streamed otherwise.
  std::string text;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && in) {
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (in.gcount() == size) {
      text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  } else {
    in.clear();
    std::ostringstream all;
    all << in.rdbuf();
    text = std::move(all).str();
  }
  return {path, std::move(text)};
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
