#pragma once

#include "emready/core/error.hpp"
#include "emready/core/line_index.hpp"

#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace emready::profile {

// A parsed YAML document that remembers its file, so any node can be blamed precisely.
class YamlSource
{
public:
  // Parses `text`; a syntax error becomes a located core::InputError.
  YamlSource(std::string_view text, std::string file_name);
  YamlSource(const YamlSource&) = delete; // m_lines refers to m_text and m_file
  YamlSource& operator=(const YamlSource&) = delete;

  // The document's root node.
  const YAML::Node& root() const { return m_root; }

  // The file:line:col (and line text) of `node`.
  core::SourceLocation location_of(const YAML::Node& node) const;

  // Throws a core::InputError located at `node`.
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;

  // Checks that `map` is a mapping whose keys are all in `allowed` (with "did you mean"),
  // none repeated, and that every key in `required` is present.
  void check_keys(const YAML::Node& map, const std::string& what,
                  const std::vector<std::string>& allowed,
                  const std::vector<std::string>& required) const;

  // Typed readers that blame the node on a wrong type.
  std::string string_at(const YAML::Node& node, const std::string& key) const;
  bool bool_at(const YAML::Node& node, const std::string& key) const;
  long long integer_at(const YAML::Node& node, const std::string& key) const;

private:
  std::string m_text;
  std::string m_file;
  core::LineIndex m_lines; // node marks give line and column; this gives the line's text
  YAML::Node m_root;
};

// "a list", "a mapping", "a string", … for messages about wrong types.
std::string describe_type(const YAML::Node& node);

} // namespace emready::profile
