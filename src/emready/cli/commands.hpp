#pragma once

#include "emready/cli/context.hpp"

#include <CLI/CLI.hpp>

namespace emready::cli {

// The subcommands, each in its own cmd_*.cpp. Each adds itself to `app` with its options
// stored in `context` (Context::own), so every cli::run starts from fresh defaults.
void add_profiles_command(CLI::App& app, Context& context);
void add_audit_command(CLI::App& app, Context& context);
void add_rules_command(CLI::App& app, Context& context);
void add_dialects_command(CLI::App& app, Context& context);
void add_schema_command(CLI::App& app, Context& context);
void add_diff_command(CLI::App& app, Context& context);
void add_check_command(CLI::App& app, Context& context);
void add_lab_command(CLI::App& app, Context& context);
void add_docs_commands(CLI::App& app, Context& context); // completion, man
void add_config_command(CLI::App& app, Context& context);
void add_demo_command(CLI::App& app, Context& context);
void add_serve_command(CLI::App& app, Context& context);
// `lab agent`, added by add_lab_command.
void add_lab_agent_command(CLI::App& lab_command, Context& context);

} // namespace emready::cli
