#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace emready::cli {

// Where one configured value came from: "FILE:LINE:COL".
using ConfigOrigins = std::map<std::string, std::string>; // "check.agent" → origin

// The configuration files read, lowest precedence first: the system file
// (/etc/emready/config.yaml, or $EMREADY_SYSCONFDIR/config.yaml), then
// $XDG_CONFIG_HOME/emready/config.yaml (~/.config when unset), then each --config FILE.
// The command line wins over all of them.
std::vector<std::string> default_config_files();

// The directory of site profiles (/etc/emready/profiles.d, or $EMREADY_SYSCONFDIR/profiles.d).
std::string site_profiles_directory();

// Adds --config to `app` and teaches CLI11 to read YAML configuration files shaped like the
// command line: top-level keys are the program's options (profiles, max-input-size) and
// command names, whose mappings hold that command's long option names; a value is a
// scalar, a list (repeatable options) or true/false (flags). Unknown commands or options
// are located errors (FILE:LINE:COL) with "did you mean"; `origins` records where each
// value that took effect came from (the highest-precedence file that set it).
void add_config_files(CLI::App& app, ConfigOrigins& origins);

} // namespace emready::cli
