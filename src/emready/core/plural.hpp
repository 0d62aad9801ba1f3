#pragma once

#include <string>
#include <string_view>

namespace emready::core {

// "1 endpoint", "2 endpoints": a count with its noun in agreement (regular plurals only;
// give `plural` for the others).
inline std::string counted(std::size_t count, std::string_view noun, std::string_view plural = {})
{
  std::string out = std::to_string(count) + " ";
  if (count == 1) {
    out += noun;
  } else if (plural.empty()) {
    out += std::string(noun) + "s";
  } else {
    out += plural;
  }
  return out;
}

} // namespace emready::core
