// `emready completion SHELL` and `emready man`: the shell completions and man pages, generated
// from this command-line definition (the one source: they cannot drift from --help).
#include "emready/cli/cli_reference.hpp"
#include "emready/cli/commands.hpp"
#include "emready/cli/completion_scripts.hpp"
#include "emready/cli/man_page.hpp"
#include "emready/cli/output.hpp"
#include "emready/core/error.hpp"
#include "emready/profile/catalog.hpp"
#include "emready/rules/dialect.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

namespace emready::cli {

namespace {

const CLI::App& root_of(const CLI::App& command)
{
  const auto* app = &command;
  while (app->get_parent() != nullptr) {
    app = app->get_parent();
  }
  return *app;
}

std::vector<CommandReference> reference(const CLI::App& command)
{
  std::vector<std::string> dialects;
  for (const auto* dialect : rules::all_dialects()) {
    dialects.emplace_back(dialect->info().name);
  }
  // The built-in agents: an admin's --profiles may add others, which a static script cannot know.
  return describe_commands(root_of(command), profile::Catalog::builtin().agent_names(), dialects);
}

// SOURCE_DATE_EPOCH (reproducible builds) or today, as man pages date themselves.
std::string page_date()
{
  auto when = std::chrono::system_clock::now();
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    when = std::chrono::system_clock::time_point(std::chrono::seconds(std::strtoll(epoch, nullptr, 10)));
  }
  return fmt::format("{:%Y-%m-%d}", fmt::gmtime(std::chrono::system_clock::to_time_t(when)));
}

} // namespace

void add_docs_commands(CLI::App& app, Context& context)
{
  auto& shell = context.own<std::string>();
  auto& output = context.own<std::string>();
  auto* completion = app.add_subcommand(
    "completion", "Print the shell completion script for bash, zsh or fish");
  completion->add_option("shell", shell, "The shell")->required()->check(CLI::IsMember(completion_shells()));
  add_output_option(*completion, output, "the script");
  completion->footer("\nThe script completes commands, options, agent names, dialects, formats and file names.\n"
                     "The Debian package installs all three; by hand:\n"
                     "  emready completion bash > ~/.local/share/bash-completion/completions/emready\n"
                     "  emready completion zsh > \"${fpath[1]}/_emready\"\n"
                     "  emready completion fish > ~/.config/fish/completions/emready.fish\n");
  completion->callback([completion, &shell, &output] {
    const auto commands = reference(*completion);
    write_output(output, [&](std::ostream& stream) { write_completion(shell, commands, stream); });
  });

  auto& directory = context.own<std::string>();
  auto* man = app.add_subcommand("man", "Write the man pages: emready(1) and one page per command");
  man->add_option("-d,--directory", directory, "Write NAME.1 files into DIR instead of printing emready(1)")
    ->type_name("DIR");
  man->footer("\nExamples:\n  emready man | man -l -\n  emready man --directory /usr/share/man/man1\n");
  man->callback([man, &directory] {
    const auto commands = reference(*man);
    const auto date = page_date();
    if (directory.empty()) {
      write_man_page(commands.front(), commands, EMREADY_VERSION, date, std::cout);
      return;
    }
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
      throw core::InputError(fmt::format("cannot create '{}': {}", directory, error.message()));
    }
    for (const auto& command : commands) {
      const auto path = std::filesystem::path(directory) / (man_page_name(command) + ".1");
      std::ofstream file(path);
      write_man_page(command, commands, EMREADY_VERSION, date, file);
      file.close();
      if (!file) {
        throw core::InputError(fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno)));
      }
    }
  });
}

} // namespace emready::cli
