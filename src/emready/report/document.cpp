#include "emready/report/document.hpp"

namespace emready::report {

nlohmann::json document_header(std::string_view document, const DocumentRun& run)
{
  return {{"schema_version", k_schema_version},
          {"document", document},
          {"tool", {{"name", "emready"}, {"version", EMREADY_VERSION}}},
          {"started_at", run.started_at},
          {"finished_at", run.finished_at},
          {"host", {{"hostname", run.hostname}, {"source_addresses", run.source_addresses}}},
          {"command_line", run.command_line}};
}

} // namespace emready::report
