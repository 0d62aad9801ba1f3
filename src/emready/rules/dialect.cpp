#include "emready/rules/dialect.hpp"

#include <algorithm>

namespace emready::rules {

AllowList Dialect::read(const SourceText& source) const
{
  AllowList list{source.file, {}, 0, {}};
  // At most one rule a line: room for them all up front, so the rules are never moved.
  list.rules.reserve(
    static_cast<std::size_t>(std::count(source.text.begin(), source.text.end(), '\n')) + 1);
  for_each_line(source, "#", [&](const SourceLine& line) {
    list.rules.push_back(compile(line.text, line.location));
  });
  return list;
}

std::string Dialect::with_ports(const std::string& entry,
                                const std::vector<std::uint16_t>& /*ports*/) const
{
  return entry;
}

void Dialect::write(const RuleBlock& block, std::ostream& out) const
{
  write_comments(block.header, "#", out);
  for (const auto& rule : block.rules) {
    out << rule.entry;
    if (!rule.comment.empty()) {
      out << "  # " << rule.comment;
    }
    out << '\n';
  }
  if (!block.no_inspection_hosts.empty()) {
    out << "# Exclude from TLS inspection (devices do not trust inspection CAs; mutual TLS breaks):\n";
    for (const auto& host : block.no_inspection_hosts) {
      out << "#   " << host << '\n';
    }
  }
}

void write_comments(const std::vector<std::string>& lines, std::string_view marker,
                    std::ostream& out)
{
  for (const auto& line : lines) {
    out << marker << ' ' << line << '\n';
  }
}

} // namespace emready::rules
