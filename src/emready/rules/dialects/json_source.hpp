#pragma once

#include "emready/rules/source_text.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

// Reading allow-lists that are JSON documents (AWS Network Firewall, Azure Firewall).
namespace emready::rules::dialects {

// True when the first non-blank character of `source` opens a JSON object or array.
bool looks_like_json(const SourceText& source);

// Parses `source` as JSON; a syntax error becomes a located core::InputError.
nlohmann::json parse_json(const SourceText& source, std::string_view dialect);

// Finds string values in the source text in order, to give each one a line and column.
class JsonLocator
{
public:
  explicit JsonLocator(const SourceText& source) : m_source(source) {}

  // The location of the next occurrence of `value` as a JSON string literal.
  core::SourceLocation next(const std::string& value);

private:
  const SourceText& m_source;
  std::size_t m_offset = 0;
};

} // namespace emready::rules::dialects
