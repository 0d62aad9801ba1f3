#include "emready/cli/context.hpp"

#include "emready/cli/config_file.hpp"
#include "emready/cli/run_facts.hpp"

#include "emready/check/verdict.hpp"
#include "emready/core/error.hpp"
#include "emready/rules/dialect.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>

namespace emready::cli {

profile::Catalog Context::load_catalog() const
{
  auto catalog = profile::Catalog::builtin();
  const auto note = [](const std::string& text) { std::cerr << "emready: note: " << text << '\n'; };
  // The site's additions and overrides: read when the directory holds any profile.
  const auto site = site_profiles_directory();
  std::error_code error;
  bool any = false;
  for (std::filesystem::directory_iterator entry(site, error), end; !error && entry != end; entry.increment(error)) {
    const auto ext = entry->path().extension();
    any = any || ext == ".yaml" || ext == ".yml";
  }
  if (any) {
    core::with_context(site, [&] { catalog.add_directory(site, note); });
  }
  if (!profiles_dir.empty()) {
    core::with_context("--profiles", [&] {
      catalog.add_directory(profiles_dir, note);
    });
  }
  return catalog;
}

void add_agent_option(CLI::App& command, std::vector<std::string>& agents)
{
  command
    .add_option("-a,--agent", agents,
                "Agents to cover: names from 'emready profiles', comma-separated or repeated; "
                "'all' (the default) is every agent")
    ->type_name("NAME[,NAME]");
}

void add_format_option(CLI::App& command, std::string& format,
                       const std::vector<std::string>& choices)
{
  format = choices.front();
  command.add_option("-f,--format", format, "Output format")
    ->check(CLI::IsMember(choices))
    ->capture_default_str();
}

void add_output_option(CLI::App& command, std::string& path, const std::string& what)
{
  command.add_option("-o,--output", path, "Write " + what + " to FILE instead of stdout")->type_name("FILE");
}

std::string verdicts_help()
{
  std::string out = "\nVerdicts:";
  std::size_t column = out.size() - 1;
  for (const auto verdict : check::k_all_verdicts) {
    const auto name = std::string(check::to_string(verdict));
    if (column + name.size() + 2 > 90) {
      out += "\n ";
      column = 1;
    }
    out += " " + name + (verdict == check::k_all_verdicts[std::size(check::k_all_verdicts) - 1] ? ".\n" : ",");
    column += name.size() + 2;
  }
  return out;
}

std::string dialects_help()
{
  std::string out = "\nDialects (see 'emready dialects' for what each rule covers):\n";
  for (const auto* dialect : rules::all_dialects()) {
    const auto& info = dialect->info();
    out += fmt::format("  {:<14} {}{}\n", info.name, info.title,
                       info.unconfirmed.empty() ? "" : " [partly unconfirmed]");
  }
  return out;
}

report::DocumentRun Context::document_run() const
{
  return {command_line, started_at, utc_now(), host_name(), {}};
}

} // namespace emready::cli
