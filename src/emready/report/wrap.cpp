#include "emready/report/wrap.hpp"

#include <algorithm>

namespace emready::report {

std::vector<std::string> wrapped(const std::string& text, std::size_t width)
{
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const auto word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty() || lines.empty()) {
    lines.push_back(line);
  }
  return lines;
}

std::string paragraph(const std::string& text, std::size_t width, std::size_t first, std::size_t indent)
{
  // The first line has less room when `first` is wider than the indent: wrap to the
  // narrower width throughout, so no line overflows (at least 20 columns of text).
  const auto room = std::max<std::size_t>(20, width - std::min(width, std::max(first, indent)));
  const auto lines = wrapped(text, room);
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += (i == 0 ? "" : std::string(indent, ' ')) + lines[i] + '\n';
  }
  return out;
}

} // namespace emready::report
