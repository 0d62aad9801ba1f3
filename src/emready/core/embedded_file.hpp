#pragma once

#include <string_view>

namespace emready::core {

// A data file compiled into the binary (cmake/embed_files.cmake).
struct EmbeddedFile
{
  std::string_view name; // e.g. "cca.yaml"
  std::string_view text;
};

} // namespace emready::core
