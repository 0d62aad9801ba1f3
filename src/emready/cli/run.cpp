#include "emready/cli/run.hpp"

#include "emready/cli/run_facts.hpp"

#include "emready/cli/commands.hpp"
#include "emready/cli/config_file.hpp"
#include "emready/core/error.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/core/input_file.hpp"
#include "emready/core/suggest.hpp"

#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

namespace {

std::vector<std::string> command_names(const CLI::App& app)
{
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// CLI11 reports a mistyped subcommand as an unexpected argument: add "did you mean".
std::string usage_message(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv)
{
  std::string message = error.what();
  if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
    message = fmt::format("unknown command '{}'{}", argv[1],
                          core::did_you_mean(argv[1], command_names(app)));
  }
  return message;
}

} // namespace

int run(int argc, char** argv)
{
  CLI::App app{"emready: checks whether a site's network lets Canon eMaintenance agents reach "
               "the cloud,\nand says which firewall or proxy rule is missing.",
               "emready"};
  app.set_version_flag("-V,--version", fmt::format("emready {}", EMREADY_VERSION));
  app.require_subcommand(1);
  app.fallthrough();
  Context context;
  context.command_line = redacted_command_line(argc, argv);
  context.started_at = utc_now();
  app.add_option("--profiles", context.profiles_dir,
                 "Directory of extra profiles (*.yaml); one naming a built-in agent replaces it")
    ->type_name("DIR");
  app.add_option_function<std::size_t>(
       "--max-input-size", [](std::size_t mib) { core::set_max_input_bytes(mib << 20); },
       fmt::format("Largest input file read (allow-lists, includes, profiles, scenarios, certificates), in MiB "
                   "(default {})",
                   core::k_default_max_input_bytes >> 20))
    ->type_name("MIB")
    ->check(CLI::Range(1, 4096));
  add_check_command(app, context);
  add_serve_command(app, context);
  add_profiles_command(app, context);
  add_audit_command(app, context);
  add_rules_command(app, context);
  add_dialects_command(app, context);
  add_diff_command(app, context);
  add_schema_command(app, context);
  add_lab_command(app, context);
  add_docs_commands(app, context);
  add_config_command(app, context);
  add_demo_command(app, context);
  ConfigOrigins origins;
  context.config_origins = &origins;
  add_config_files(app, origins);
  app.footer("\nExit codes: 0 ready, 1 not ready, 2 usage or input error, 3 internal error,\n"
             "4 not proven (audit: the list has statements emready does not model).\n"
             "\nExamples:\n"
             "  emready rules --agent all --dialect squid\n"
             "  emready audit --allowlist allow.txt --dialect panos-url --agent cca\n"
             "  emready profiles show cdca-v2\n"
             "\nRun 'emready COMMAND --help' for a command's options.");
  try {
    app.parse(argc, argv);
    return context.exit_code;
  } catch (const CLI::Success& e) { // --help and --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << fmt::format("emready: error: {}\nRun 'emready --help' for usage.\n",
                             usage_message(app, e, argc, argv));
    return core::to_int(core::ExitCode::usage_error);
  } catch (const core::InputError& e) {
    std::cerr << core::format_error(e);
    return core::to_int(core::ExitCode::usage_error);
  } catch (const std::exception& e) {
    std::cerr << fmt::format("emready: internal error: {}\n", e.what());
    return core::to_int(core::ExitCode::internal_error);
  }
}

} // namespace emready::cli
