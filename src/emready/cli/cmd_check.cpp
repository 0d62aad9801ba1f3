// `emready check`: resolves and probes every endpoint, then says what is missing.
#include "emready/cli/check_options.hpp"
#include "emready/cli/check_repeat.hpp"
#include "emready/cli/check_run.hpp"
#include "emready/cli/commands.hpp"
#include "emready/cli/output.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/report/check_report.hpp"
#include "emready/report/compliance.hpp"
#include "emready/report/html_report.hpp"
#include "emready/report/junit.hpp"
#include "emready/report/summary.hpp"

#include <memory>
#include <sstream>

namespace emready::cli {

namespace {

void write_report(const check::CheckResult& result, const CheckOptions& options,
                  const nlohmann::json& head, const report::RunFacts& facts, std::ostream& out)
{
  if (options.format == "json") {
    report::write_check_json(result, head, out);
  } else if (options.format == "junit") {
    report::write_junit(result, out);
  } else if (options.format == "markdown") {
    report::write_compliance(result, facts, out);
  } else if (options.format == "html") {
    report::write_check_html(result, facts, out);
  } else {
    report::print_check(result, options.output.empty() ? report::Style::for_stdout()
                                                        : report::Style(false),
                        out, options.verbose);
  }
}

int exit_code_of(const check::CheckResult& result)
{
  return core::to_int(result.ready() ? core::ExitCode::ready : core::ExitCode::not_ready);
}

int run_check(const CheckOptions& options, const Context& context)
{
  const auto setup = prepare_check(options, context);
  if (options.every > 0) {
    return run_repeatedly(options, [&] {
      auto outcome = std::make_shared<CheckOutcome>(
        execute_check(setup, options, context, {options.agents, std::nullopt, true, false, true}));
      std::ostringstream json;
      report::write_check_json(outcome->result, outcome->head, json);
      return RepeatedRun{exit_code_of(outcome->result), json.str(), [outcome, &options](std::ostream& out) {
                           report::print_check(outcome->result, report::Style::for_stdout(), out, options.verbose);
                         }};
    });
  }
  const auto outcome =
    execute_check(setup, options, context,
                  {options.agents, std::nullopt, options.format == "json",
                   options.format == "markdown" || options.format == "html", true});
  write_output(options.output, [&](std::ostream& out) {
    write_report(outcome.result, options, outcome.head, outcome.facts, out);
  });
  summarise_on_terminal(report::check_summary(outcome.result), options.output);
  return exit_code_of(outcome.result);
}

} // namespace

void add_check_command(CLI::App& app, Context& context)
{
  auto& options = context.own<CheckOptions>();
  auto* command = app.add_subcommand(
    "check", "Resolve and probe every endpoint the agents need, and say what is missing");
  add_check_options(*command, options);
  command->callback([&] { context.exit_code = run_check(options, context); });
}

} // namespace emready::cli
