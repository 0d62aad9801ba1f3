#include "emready/core/line_index.hpp"

#include <algorithm>

namespace emready::core {

LineIndex::LineIndex(const std::string& file, const std::string& text) : m_file(file), m_text(text)
{
  m_starts.push_back(0);
  for (auto at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    m_starts.push_back(at + 1);
  }
}

SourceLocation LineIndex::at(std::size_t offset) const
{
  offset = std::min(offset, m_text.size());
  const auto after = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  const auto line = static_cast<std::size_t>(after - m_starts.begin()); // 1-based
  return {m_file, line, offset - m_starts[line - 1] + 1, line_text(line)};
}

std::string LineIndex::line_text(std::size_t line) const
{
  if (line == 0 || line > m_starts.size()) {
    return "";
  }
  const auto start = m_starts[line - 1];
  auto end = m_text.find('\n', start);
  if (end == std::string::npos) {
    end = m_text.size();
  }
  auto text = m_text.substr(start, end - start);
  if (!text.empty() && text.back() == '\r') {
    text.pop_back();
  }
  return text;
}

} // namespace emready::core
