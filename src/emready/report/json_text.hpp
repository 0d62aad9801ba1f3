#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace emready::report {

// `value` as JSON text, `indent` spaces deep. Strings that are not UTF-8 (a file name, an
// entry or a peer's answer with other bytes) get U+FFFD for each bad byte: a report is
// always written, never an exception (nlohmann's default throws type_error 316).
inline std::string json_text(const nlohmann::json& value, int indent = 2)
{
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace emready::report
