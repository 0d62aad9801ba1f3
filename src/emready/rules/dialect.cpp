#include "emready/rules/dialect.hpp"

#include "emready/core/suggest.hpp"
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace emready::rules {

AllowList Dialect::read(const SourceText& source) const
{
  AllowList list{source.file, {}, 0};
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
  dialects::write_comments(block.header, "#", out);
  for (const auto& rule : block.rules) {
    out << rule.entry;
    if (!rule.comment.empty()) {
      out << "  # " << rule.comment;
    }
    out << '\n';
  }
  if (!block.no_inspection_hosts.empty()) {
    out << "# Exclude from TLS inspection (mutual TLS breaks under inspection):\n";
    for (const auto& host : block.no_inspection_hosts) {
      out << "#   " << host << '\n';
    }
  }
}

const std::vector<const Dialect*>& all_dialects()
{
  static const auto dialects = dialects::make_all();
  static const std::vector<const Dialect*> views = [] {
    std::vector<const Dialect*> out;
    for (const auto& d : dialects) {
      out.push_back(d.get());
    }
    return out;
  }();
  return views;
}

std::vector<std::string> dialect_names()
{
  std::vector<std::string> names;
  for (const auto* dialect : all_dialects()) {
    names.emplace_back(dialect->info().name);
  }
  return names;
}

const Dialect& dialect_named(std::string_view name)
{
  for (const auto* dialect : all_dialects()) {
    if (dialect->info().name == name) {
      return *dialect;
    }
  }
  throw core::InputError(fmt::format("unknown dialect '{}'{}; known dialects: {}", name,
                                     core::did_you_mean(name, dialect_names()),
                                     fmt::join(dialect_names(), ", ")));
}

} // namespace emready::rules
