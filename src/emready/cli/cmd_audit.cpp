// `emready audit`: checks a site's allow-list offline.
#include "emready/cli/check_document.hpp"
#include "emready/cli/commands.hpp"
#include "emready/cli/output.hpp"
#include "emready/cli/run_facts.hpp"
#include "emready/report/document.hpp"
#include "emready/report/json_text.hpp"
#include "emready/pac/pac_runner.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/report/audit_formats.hpp"
#include "emready/report/audit_report.hpp"
#include "emready/report/summary.hpp"
#include "emready/rules/audit.hpp"

#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

namespace {

struct AuditOptions
{
  std::string allowlist;
  std::string dialect;
  std::vector<std::string> agents;
  std::string format;
  std::string output;
};

// True when `text` defines FindProxyForURL ("function FindProxyForURL" or
// "FindProxyForURL = …"), not merely names it in a comment. A linear scan: no std::regex
// on input of any size.
bool defines_find_proxy(const std::string& text)
{
  static constexpr std::string_view k_name = "FindProxyForURL";
  for (auto at = text.find(k_name); at != std::string::npos; at = text.find(k_name, at + 1)) {
    auto before = at;
    while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) {
      --before;
    }
    if (before >= 8 && text.compare(before - 8, 8, "function") == 0 && before < at) {
      return true;
    }
    auto after = at + k_name.size();
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) {
      ++after;
    }
    if (after + 1 < text.size() && text[after] == '=' && text[after + 1] != '=') {
      return true;
    }
  }
  return false;
}

// Runs the PAC file for every endpoint, next to the static reading: what a browser with it
// would actually do. Offline, like the rest of audit: dnsResolve answers null.
void evaluate_pac_file(const rules::SourceText& source, rules::AuditResult& result)
{
  std::vector<pac::PacQuery> queries;
  for (const auto& item : result.coverage) {
    const auto& target = *item.target;
    const auto port = target.ports.empty() ? 443 : target.ports.front();
    queries.push_back({port == 443 ? "https://" + target.host + "/"
                                   : "https://" + target.host + ":" + std::to_string(port) + "/",
                       target.host});
  }
  pac::PacEnvironment offline;
  offline.resolve = [](const std::string&) { return std::optional<std::string>(); };
  result.evaluated_routes =
    pac::evaluate_pac(source.text, source.file, queries, offline, std::chrono::seconds(2));
  result.evaluation_note = "evaluated offline: dnsResolve() and isResolvable() answer as for a "
                           "name that does not resolve, myIpAddress() is 127.0.0.1";
}

int run_audit(const AuditOptions& options, const Context& context)
{
  const auto catalog = context.load_catalog();
  const auto profiles = catalog.select(options.agents);
  const auto& dialect = rules::dialect_named(options.dialect);
  const auto source = rules::read_source(options.allowlist);
  auto list = dialect.read(source);
  auto result = rules::audit(dialect, std::move(list), profiles);
  // A fragment of host tests (one that defines no FindProxyForURL, such as what `rules
  // --dialect pac` writes) is read statically only.
  if (dialect.info().name == std::string_view("pac") && defines_find_proxy(source.text)) {
    evaluate_pac_file(source, result);
  }
  report::RunFacts facts;
  if (options.format != "text" && options.format != "json") {
    facts.when = context.started_at;
    facts.machine = host_name();
    facts.version = EMREADY_VERSION;
    facts.command_line = fmt::format("{}", fmt::join(context.command_line, " "));
    facts.allowlist = fmt::format("{} (SHA-256 {})", options.allowlist, sha256_hex(source.text));
    facts.profiles = profile_lines(profiles);
  }
  write_output(options.output, [&](std::ostream& stream) {
    if (options.format == "json") {
      auto out = report::audit_json(result);
      out.update(report::document_header("audit", context.document_run()));
      out["options"] = {{"allowlist", options.allowlist}, {"allowlist_sha256", sha256_hex(source.text)},
                        {"dialect", dialect.info().name}, {"agents", options.agents},
                        {"profiles", profiles_provenance(profiles)}};
      stream << report::json_text(out) << '\n';
    } else if (options.format == "junit") {
      report::write_audit_junit(result, facts, stream);
    } else if (options.format == "markdown") {
      report::write_audit_markdown(result, facts, stream);
    } else if (options.format == "html") {
      report::write_audit_html(result, facts, stream);
    } else {
      report::print_audit(result, options.output.empty() ? report::Style::for_stdout() : report::Style(false),
                          stream);
    }
  });
  summarise_on_terminal(report::audit_summary(result), options.output);
  return core::to_int(!result.ready()   ? core::ExitCode::not_ready
                      : !result.proven() ? core::ExitCode::not_proven
                                         : core::ExitCode::ready);
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
  add_format_option(*command, options.format, {"text", "json", "junit", "markdown", "html"});
  add_output_option(*command, options.output);
  command->footer(dialects_help() +
                  "\nExit codes: 0 every required endpoint covered, 1 not covered, 2 bad input,\n"
                  "4 covered but not proven (the list has a deny or other statement emready does not model).\n"
                  "\nExamples:\n"
                  "  emready audit --allowlist /etc/squid/em.acl --dialect squid\n"
                  "  emready audit -l rules.txt -d panos-url --agent cca,erds --format json\n"
                  "  emready audit -l nfw-rulegroup.json -d aws-nfw --agent all\n"
                  "  emready audit -l em.acl -d squid --format junit -o audit.xml     # for CI\n"
                  "  emready audit -l em.acl -d squid --format html -o audit.html     # for the auditor\n"
                  "\nWith -o and stderr on a terminal, one line per agent still goes to stderr.");
  command->callback([&] { context.exit_code = run_audit(options, context); });
}

} // namespace emready::cli
