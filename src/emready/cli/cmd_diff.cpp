// `emready diff OLD.json NEW.json`: what changed between two check runs.
#include "emready/cli/commands.hpp"
#include "emready/cli/output.hpp"
#include "emready/core/error.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/report/diff.hpp"
#include "emready/report/json_text.hpp"
#include "emready/report/document.hpp"
#include "emready/rules/source_text.hpp"

#include <fmt/format.h>

namespace emready::cli {

namespace {

struct DiffOptions
{
  std::string old_file;
  std::string new_file;
  std::string format;
  std::string output;
};

// The document in `path`; a syntax error is located as FILE:LINE:COLUMN.
nlohmann::json read_document(const std::string& path)
{
  const auto source = rules::read_source(path, "report");
  try {
    return nlohmann::json::parse(source.text);
  } catch (const nlohmann::json::parse_error& error) {
    std::size_t line = 1;
    std::size_t column = 1;
    const auto end = std::min<std::size_t>(error.byte == 0 ? 0 : error.byte - 1, source.text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (source.text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw core::InputError(fmt::format("{}:{}:{}: not JSON: {}", path, line, column, error.what()));
  }
}

int run_diff(const DiffOptions& options, const Context& context)
{
  const auto diff = report::diff_checks(read_document(options.old_file), options.old_file,
                                        read_document(options.new_file), options.new_file);
  write_output(options.output, [&](std::ostream& out) {
    if (options.format == "json") {
      out << report::json_text(report::diff_json(diff, report::document_header("diff", context.document_run()))) << '\n';
    } else if (options.format == "markdown") {
      report::write_diff_markdown(diff, out);
    } else {
      report::print_diff(diff, out);
    }
  });
  return core::to_int(diff.regressed() ? core::ExitCode::not_ready : core::ExitCode::ready);
}

} // namespace

void add_diff_command(CLI::App& app, Context& context)
{
  auto& options = context.own<DiffOptions>();
  auto* command = app.add_subcommand(
    "diff", "Compare two 'check --format json' reports: what newly fails, what was fixed");
  command->add_option("old", options.old_file, "The earlier report")->required()->type_name("OLD.json");
  command->add_option("new", options.new_file, "The later report")->required()->type_name("NEW.json");
  add_format_option(*command, options.format, {"text", "json", "markdown"});
  add_output_option(*command, options.output, "the comparison");
  command->footer("\nPer endpoint: newly failing, fixed, verdict changed (both evidences), added or\n"
                  "removed (profile changes); per agent: readiness changes.\n"
                  "\nExit codes: 0 nothing regressed, 1 something regressed, 2 bad input (the file and\n"
                  "the JSON pointer, or FILE:LINE:COL for JSON that does not parse).\n"
                  "\nExamples:\n"
                  "  emready check --format json -o monday.json\n"
                  "  emready check --format json -o tuesday.json\n"
                  "  emready diff monday.json tuesday.json\n");
  command->callback([&] { context.exit_code = run_diff(options, context); });
}

} // namespace emready::cli
