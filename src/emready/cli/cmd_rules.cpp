// `emready rules`: writes the allow-list the agents need, in a firewall's own syntax.
#include "emready/cli/check_document.hpp"
#include "emready/cli/commands.hpp"
#include "emready/cli/output.hpp"
#include "emready/report/document.hpp"
#include "emready/report/json_text.hpp"
#include "emready/report/audit_report.hpp"
#include "emready/rules/audit.hpp"

#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

namespace {

struct RulesOptions
{
  std::vector<std::string> agents;
  std::string dialect;
  std::string format;
  std::string output;
};

void run_rules(const RulesOptions& options, const Context& context)
{
  const auto catalog = context.load_catalog();
  const auto profiles = catalog.select(options.agents);
  const auto& dialect = rules::dialect_named(options.dialect);
  const auto result = rules::audit(dialect, rules::AllowList{"<none>", {}, 0, {}}, profiles);
  if (options.format == "json") {
    nlohmann::json out{{"dialect", dialect.info().name},
                       {"agents", nlohmann::json::array()},
                       {"rules", report::proposals_json(result.proposals)},
                       {"tls_inspection_bypass", result.no_inspection_hosts}};
    for (const auto& agent : result.agents) {
      out["agents"].push_back(agent.agent);
    }
    out.update(report::document_header("rules", context.document_run()));
    out["options"] = {{"dialect", dialect.info().name}, {"agents", options.agents},
                      {"profiles", profiles_provenance(profiles)}};
    write_output(options.output, [&](std::ostream& stream) { stream << report::json_text(out) << '\n'; });
    return;
  }
  const auto block = rules::rule_block(result, "Allow-list");
  write_output(options.output, [&](std::ostream& stream) { dialect.write(block, stream); });
  if (!dialect.writes_comments()) {
    // Say on stderr what the other formats say inline.
    for (const auto& host : block.no_inspection_hosts) {
      std::cerr << fmt::format("emready: note: exclude {} from TLS inspection (mutual TLS)\n",
                               host);
    }
  }
}

} // namespace

void add_rules_command(CLI::App& app, Context& context)
{
  auto& options = context.own<RulesOptions>();
  auto* command = app.add_subcommand(
    "rules", "Write the minimal allow-list for the agents in a firewall's or proxy's syntax");
  add_agent_option(*command, options.agents);
  options.dialect = "plain";
  command->add_option("-d,--dialect", options.dialect, "Syntax and matching rules to write for")
    ->type_name("DIALECT")
    ->capture_default_str();
  add_format_option(*command, options.format, {"native", "json"}); // native: the dialect's own
  add_output_option(*command, options.output, "the rules");
  command->footer(dialects_help() +
                  "\nCanon's recommended wildcards come first, corrected for how the dialect "
                  "reads '*';\nthen the hosts no wildcard covers; then the hosts to exclude from "
                  "TLS inspection.\nWhere any one of several ports is enough (443 or 8883), the "
                  "first is written.\n"
                  "\nExamples:\n"
                  "  emready rules --agent all\n"
                  "  emready rules --agent cca,backup --dialect squid > /etc/squid/canon-em.conf\n"
                  "  emready rules --agent cdca-v2 --dialect panos-url\n"
                  "  emready rules --dialect aws-nfw -o rulegroup.json");
  command->callback([&] {
    run_rules(options, context);
    context.exit_code = 0;
  });
}

} // namespace emready::cli
