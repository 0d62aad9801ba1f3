#pragma once

#include "emready/core/line_index.hpp"
#include "emready/rules/source_text.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

// Reading allow-lists that are JSON documents (AWS Network Firewall, Azure Firewall).
namespace emready::rules::dialects {

// True when the first non-blank character of `source` opens a JSON object or array.
bool looks_like_json(const SourceText& source);

// A JSON allow-list with the place of every value, so each error names its file, line,
// column and JSON pointer. Parsing is nlohmann's (validating, iterative); its parse
// callback records where each value starts and stops a document nested deeper than
// k_max_depth, which would otherwise overflow the stack of whoever walks it.
class JsonDocument
{
public:
  static constexpr int k_max_depth = 64;

  // Parses `source`; a syntax error or too deep a nesting is a located core::InputError
  // whose message starts with `dialect`.
  JsonDocument(const SourceText& source, std::string dialect);

  const nlohmann::json& root() const { return m_root; }

  // Where the value at JSON pointer `pointer` starts ("" is the root).
  core::SourceLocation location(const std::string& pointer) const;

  // `pointer` + "/" + `key` (escaped) or + "/" + index.
  static std::string child(const std::string& pointer, std::string_view key);
  static std::string child(const std::string& pointer, std::size_t index);

  // The value as the type the dialect needs; anything else is a located InputError naming
  // the pointer and what was found: never a silent conversion (a port of 4294967739 or
  // 443.9 must not become 443).
  const std::string& string_at(const nlohmann::json& value, const std::string& pointer) const;
  std::int64_t integer_at(const nlohmann::json& value, const std::string& pointer, std::int64_t min,
                          std::int64_t max) const;
  const nlohmann::json& array_at(const nlohmann::json& value, const std::string& pointer) const;

  [[noreturn]] void fail_at(const std::string& pointer, const std::string& message) const;

private:
  const SourceText& m_source;
  std::string m_dialect;
  core::LineIndex m_lines;
  std::unordered_map<std::string, std::size_t> m_offsets; // value start by pointer
  nlohmann::json m_root;
};

} // namespace emready::rules::dialects
