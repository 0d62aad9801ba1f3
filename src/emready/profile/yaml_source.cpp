#include "emready/profile/yaml_source.hpp"

#include "emready/core/suggest.hpp"

#include <charconv>
#include <fmt/format.h>
#include <limits>
#include <algorithm>
#include <set>

namespace emready::profile {

namespace {

core::SourceLocation make_location(const std::string& file, const core::LineIndex& lines, const YAML::Mark& mark)
{
  if (mark.is_null()) {
    return {file, 1, 1, lines.line_text(1)};
  }
  const auto line = static_cast<std::size_t>(mark.line) + 1;
  return {file, line, static_cast<std::size_t>(mark.column) + 1, lines.line_text(line)};
}

} // namespace

YamlSource::YamlSource(std::string_view text, std::string file_name)
  : m_text(text),
    m_file(std::move(file_name)),
    m_lines(m_file, m_text)
{
  try {
    m_root = YAML::Load(m_text);
  } catch (const YAML::ParserException& e) {
    throw core::InputError(fmt::format("invalid YAML: {}", e.msg),
                           make_location(m_file, m_lines, e.mark));
  }
}

core::SourceLocation YamlSource::location_of(const YAML::Node& node) const
{
  return make_location(m_file, m_lines, node.Mark());
}

void YamlSource::fail(const YAML::Node& node, const std::string& message) const
{
  throw core::InputError(message, location_of(node));
}

void YamlSource::check_keys(const YAML::Node& map, const std::string& what,
                            const std::vector<std::string>& allowed,
                            const std::vector<std::string>& required) const
{
  if (!map.IsMap()) {
    fail(map, fmt::format("{} must be a mapping (key: value lines), not {}", what,
                          describe_type(map)));
  }
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const auto& key_node = entry.first;
    if (!key_node.IsScalar()) {
      fail(key_node, fmt::format("keys of {} must be plain words", what));
    }
    const auto key = key_node.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(key_node, fmt::format("unknown key '{}' in {}{}", key, what,
                                 core::did_you_mean(key, allowed)));
    }
    if (!seen.insert(key).second) {
      fail(key_node, fmt::format("key '{}' appears twice in {}", key, what));
    }
  }
  for (const auto& key : required) {
    if (!seen.contains(key)) {
      fail(map, fmt::format("{} has no '{}' (it is required)", what, key));
    }
  }
}

std::string YamlSource::string_at(const YAML::Node& node, const std::string& key) const
{
  if (!node.IsScalar()) {
    fail(node, fmt::format("'{}' must be a string, not {}", key, describe_type(node)));
  }
  return node.Scalar();
}

bool YamlSource::bool_at(const YAML::Node& node, const std::string& key) const
{
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    fail(node, fmt::format("'{}' must be true or false, not {}", key,
                           node.IsScalar() ? fmt::format("'{}'", node.Scalar())
                                           : describe_type(node)));
  }
  return value;
}

namespace {

// An integer as YAML 1.2's core schema reads it: decimal "[-+]?[0-9]+" (so "0443" is 443,
// where yaml-cpp follows YAML 1.1 and reads octal 291), "0o" octal, "0x" hexadecimal.
bool yaml12_integer(const std::string& text, long long& value)
{
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.starts_with("0x") || digits.starts_with("0o")) {
    if (negative || text.front() == '+') {
      return false; // the core schema has no sign on these forms
    }
    base = digits[1] == 'x' ? 16 : 8;
    digits.remove_prefix(2);
  }
  if (digits.empty()) {
    return false;
  }
  unsigned long long magnitude = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (error != std::errc() || end != digits.data() + digits.size() ||
      magnitude > static_cast<unsigned long long>(std::numeric_limits<long long>::max())) {
    return false;
  }
  value = negative ? -static_cast<long long>(magnitude) : static_cast<long long>(magnitude);
  return true;
}

} // namespace

long long YamlSource::integer_at(const YAML::Node& node, const std::string& key) const
{
  long long value = 0;
  if (!node.IsScalar() || !yaml12_integer(node.Scalar(), value)) {
    fail(node, fmt::format("'{}' must be a whole number, not {}", key,
                           node.IsScalar() ? fmt::format("'{}'", node.Scalar())
                                           : describe_type(node)));
  }
  return value;
}

std::string describe_type(const YAML::Node& node)
{
  switch (node.Type()) {
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Map:
    return "a mapping";
  case YAML::NodeType::Scalar:
    return fmt::format("the scalar '{}'", node.Scalar());
  case YAML::NodeType::Null:
    return "empty";
  case YAML::NodeType::Undefined:
    break;
  }
  return "nothing";
}

} // namespace emready::profile
