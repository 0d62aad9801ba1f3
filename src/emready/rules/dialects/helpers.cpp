#include "emready/rules/dialects/helpers.hpp"

#include "emready/core/host_name.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>

namespace emready::rules::dialects {

void fail(const core::SourceLocation& where, const std::string& message)
{
  throw core::InputError(message, where);
}

std::string checked_domain(std::string_view domain, const core::SourceLocation& where,
                           std::string_view dialect)
{
  if (const auto problem = core::host_name_problem(domain, 1); !problem.empty()) {
    fail(where, fmt::format("{}: invalid rule '{}': {}", dialect, domain, problem));
  }
  auto out = core::to_lower(domain);
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

Rule make_rule(std::string_view entry, Pattern pattern, const core::SourceLocation& where,
               std::vector<std::uint16_t> ports)
{
  // The line's text stays out of the rule: errors quote it while the list is read, and
  // copying it into each of a large list's rules would double what the list holds.
  return Rule{std::string(entry), std::move(pattern), std::move(ports),
              core::SourceLocation{where.file, where.line, where.column, {}}, {}, {}};
}

Rule compile_dot_domain(std::string_view entry, const core::SourceLocation& where,
                        std::string_view dialect, unsigned max_depth)
{
  if (entry.find('*') != std::string_view::npos) {
    fail(where, fmt::format("{}: entries have no '*'; '.example.com' covers example.com and the "
                            "names below it", dialect));
  }
  if (entry.starts_with('.')) {
    auto domain = checked_domain(entry.substr(1), where, dialect);
    return make_rule(entry, Pattern::below(std::move(domain), 0, max_depth), where);
  }
  return make_rule(entry, Pattern::below(checked_domain(entry, where, dialect), 0, 0), where);
}

std::vector<std::uint16_t> parse_port_list(std::string_view text,
                                           const core::SourceLocation& where, unsigned max_port)
{
  std::vector<std::uint16_t> ports;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    const auto item = text.substr(start, comma - start);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size()) {
      fail(where, fmt::format("'{}' is not a port number", item));
    }
    if (value < 1 || value > max_port) {
      fail(where, fmt::format("port {} is out of range (1..{})", value, max_port));
    }
    ports.push_back(static_cast<std::uint16_t>(value));
    start = comma + 1;
  }
  return ports;
}

std::string join_ports(const std::vector<std::uint16_t>& ports, std::string_view prefix)
{
  std::string out;
  for (const auto port : ports) {
    out += fmt::format("{}{}{}", out.empty() ? "" : ",", prefix, port);
  }
  return out;
}

std::string_view unquote(std::string_view text)
{
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

bool has_upper(std::string_view text)
{
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isupper(c) != 0; });
}

} // namespace emready::rules::dialects
