#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace emready::report {

// The version of the JSON contract, MAJOR.MINOR (docs/json.md): a new field is a minor step;
// a field removed, renamed or given another meaning is a major one.
inline constexpr std::string_view k_schema_version = "1.2";

// What every JSON document says about the run that wrote it.
struct DocumentRun
{
  std::vector<std::string> command_line;     // secrets redacted
  std::string started_at;                    // RFC 3339 UTC
  std::string finished_at;
  std::string hostname;
  std::vector<std::string> source_addresses; // the addresses probes left from (check)
};

// {"schema_version", "document", "tool": {name, version}, "started_at", "finished_at",
//  "host": {hostname, source_addresses}, "command_line"}: the head of every document.
nlohmann::json document_header(std::string_view document, const DocumentRun& run);

} // namespace emready::report
