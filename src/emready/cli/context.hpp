#pragma once

#include "emready/profile/catalog.hpp"
#include "emready/report/document.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <map>
#include <string>
#include <vector>

namespace emready::cli {

// What the subcommands share for one cli::run: global options, the exit code they set, and
// the storage CLI11 binds their options to (it must outlive parsing; a static would keep
// one run's values in the next).
struct Context
{
  std::string profiles_dir; // --profiles: extra or overriding profiles
  int exit_code = 0;
  std::vector<std::string> command_line; // as typed, secrets redacted
  std::string started_at;                // RFC 3339 UTC
  const std::map<std::string, std::string>* config_origins = nullptr; // "check.agent" → FILE:LINE:COL

  // The run's facts for a JSON document's head (finished now).
  report::DocumentRun document_run() const;

  // The built-in profiles, then the site's (/etc/emready/profiles.d/*.yaml), then --profiles;
  // notes about overrides go to stderr.
  profile::Catalog load_catalog() const;

  // A new T that lives as long as this context, e.g. a subcommand's options.
  template <typename T>
  T& own()
  {
    auto object = std::make_shared<T>();
    m_owned.push_back(object);
    return *object;
  }

private:
  std::vector<std::shared_ptr<void>> m_owned;
};

// Adds `--agent NAME[,NAME]` (repeatable; "all" is every agent) to `command`.
void add_agent_option(CLI::App& command, std::vector<std::string>& agents);

// Adds `--format` with the given choices (the first is the default) to `command`.
void add_format_option(CLI::App& command, std::string& format,
                       const std::vector<std::string>& choices);

// Adds `-o,--output FILE` to `command`: `what` is written to FILE instead of stdout
// (cli/output.hpp: created or truncated; the OS reason when it cannot be).
void add_output_option(CLI::App& command, std::string& path, const std::string& what = "the report");

// The dialects as a help footer: name, title and what is unconfirmed.
std::string dialects_help();

// Every verdict check can give, wrapped for a help footer (from check::k_all_verdicts).
std::string verdicts_help();

} // namespace emready::cli
