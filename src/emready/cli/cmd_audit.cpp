// `emready audit`: checks a site's allow-list offline.
#include "emready/cli/commands.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/report/audit_report.hpp"
#include "emready/rules/audit.hpp"

#include <iostream>

namespace emready::cli {

namespace {

struct AuditOptions
{
  std::string allowlist;
  std::string dialect;
  std::vector<std::string> agents;
  std::string format;
};

int run_audit(const AuditOptions& options, const Context& context)
{
  const auto catalog = context.load_catalog();
  const auto profiles = catalog.select(options.agents);
  const auto& dialect = rules::dialect_named(options.dialect);
  auto list = dialect.read(rules::read_source(options.allowlist));
  const auto result = rules::audit(dialect, std::move(list), profiles);
  if (options.format == "json") {
    std::cout << report::audit_json(result).dump(2) << '\n';
  } else {
    report::print_audit(result, report::Style::for_stdout(), std::cout);
  }
  return core::to_int(result.ready() ? core::ExitCode::ready : core::ExitCode::not_ready);
}

} // namespace

void add_audit_command(CLI::App& app, Context& context)
{
  auto& options = context.own<AuditOptions>();
  auto* command = app.add_subcommand(
    "audit", "Check a site's allow-list, offline, against the endpoints the agents need");
  command->add_option("-l,--allowlist", options.allowlist, "The allow-list file to audit")
    ->required()
    ->type_name("FILE");
  command->add_option("-d,--dialect", options.dialect, "How the firewall or proxy reads the list")
    ->required()
    ->type_name("DIALECT");
  add_agent_option(*command, options.agents);
  add_format_option(*command, options.format, {"text", "json"});
  command->footer(dialects_help() +
                  "\nExit codes: 0 every required endpoint covered, 1 not covered, 2 bad input.\n"
                  "\nExamples:\n"
                  "  emready audit --allowlist /etc/squid/em.acl --dialect squid\n"
                  "  emready audit -l rules.txt -d panos-url --agent cca,erds --format json\n"
                  "  emready audit -l nfw-rulegroup.json -d aws-nfw --agent all");
  command->callback([&] { context.exit_code = run_audit(options, context); });
}

} // namespace emready::cli
