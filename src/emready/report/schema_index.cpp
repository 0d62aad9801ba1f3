#include "emready/report/schemas.hpp"

namespace emready::report {

namespace {

constexpr std::string_view k_suffix = ".schema.json";

std::string_view stem(std::string_view file)
{
  return file.substr(0, file.size() - k_suffix.size());
}

} // namespace

std::vector<std::string> schema_names()
{
  std::vector<std::string> names;
  for (const auto& file : schema_files()) {
    names.emplace_back(stem(file.name));
  }
  return names;
}

std::optional<std::string_view> schema_named(std::string_view name)
{
  for (const auto& file : schema_files()) {
    if (stem(file.name) == name) {
      return file.text;
    }
  }
  return std::nullopt;
}

} // namespace emready::report
