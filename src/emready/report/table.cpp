#include "emready/report/table.hpp"

#include "emready/report/wrap.hpp"

#include <algorithm>

namespace emready::report {

void Table::add(std::vector<std::string> plain, std::vector<std::string> shown)
{
  m_shown.resize(m_rows.size());
  m_shown.push_back(shown.empty() ? plain : std::move(shown));
  m_rows.push_back(std::move(plain));
}

void Table::print(std::ostream& out, std::size_t width) const
{
  std::vector<std::size_t> widths;
  for (const auto& row : m_rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  std::size_t last_start = 0;
  for (std::size_t c = 0; c + 1 < widths.size(); ++c) {
    last_start += widths[c] + 2;
  }
  const bool wrap = width > 0 && width > last_start + 20;
  for (std::size_t r = 0; r < m_rows.size(); ++r) {
    const auto& plain = m_rows[r];
    const auto& shown = r < m_shown.size() && !m_shown[r].empty() ? m_shown[r] : plain;
    std::string line;
    for (std::size_t c = 0; c < plain.size(); ++c) {
      const bool last = c + 1 == plain.size();
      if (last && wrap && shown[c] == plain[c] && last_start + plain[c].size() > width) {
        const auto parts = wrapped(plain[c], width - last_start);
        line += parts.front();
        for (std::size_t i = 1; i < parts.size(); ++i) {
          line += '\n' + std::string(last_start, ' ') + parts[i];
        }
        continue;
      }
      line += shown[c];
      if (!last) {
        line += std::string(widths[c] - plain[c].size() + 2, ' ');
      }
    }
    out << line << '\n';
  }
}

} // namespace emready::report
