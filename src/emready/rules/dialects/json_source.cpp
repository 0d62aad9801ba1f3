#include "emready/rules/dialects/json_source.hpp"

#include "emready/rules/dialects/helpers.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

bool looks_like_json(const SourceText& source)
{
  const auto first = source.text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (source.text[first] == '{' || source.text[first] == '[');
}

nlohmann::json parse_json(const SourceText& source, std::string_view dialect)
{
  try {
    return nlohmann::json::parse(source.text);
  } catch (const nlohmann::json::parse_error& e) {
    const auto offset = e.byte > 0 ? e.byte - 1 : 0;
    fail(location_at(source, offset), fmt::format("{}: invalid JSON: {}", dialect, e.what()));
  }
}

core::SourceLocation JsonLocator::next(const std::string& value)
{
  const auto literal = nlohmann::json(value).dump();
  const auto found = m_source.text.find(literal, m_offset);
  if (found == std::string::npos) {
    return location_at(m_source, m_offset);
  }
  m_offset = found + literal.size();
  return location_at(m_source, found + 1);
}

} // namespace emready::rules::dialects
