#pragma once

#include "emready/profile/catalog.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace emready::cli {

// What the subcommands share: global options and the exit code they set.
struct Context
{
  std::string profiles_dir; // --profiles: extra or overriding profiles
  int exit_code = 0;

  // The built-in profiles plus --profiles, notes about overrides going to stderr.
  profile::Catalog load_catalog() const;
};

// Adds `--agent NAME[,NAME]` (repeatable; "all" is every agent) to `command`.
void add_agent_option(CLI::App& command, std::vector<std::string>& agents);

// Adds `--format` with the given choices (the first is the default) to `command`.
void add_format_option(CLI::App& command, std::string& format,
                       const std::vector<std::string>& choices);

// The dialects as a help footer: name, title and what is unconfirmed.
std::string dialects_help();

// Subcommands, each in its own file.
void add_profiles_command(CLI::App& app, Context& context);
void add_audit_command(CLI::App& app, Context& context);
void add_rules_command(CLI::App& app, Context& context);
void add_dialects_command(CLI::App& app, Context& context);
void add_check_command(CLI::App& app, Context& context);
void add_lab_command(CLI::App& app, Context& context);
// `lab agent`, added by add_lab_command.
void add_lab_agent_command(CLI::App& lab_command, Context& context);

} // namespace emready::cli
