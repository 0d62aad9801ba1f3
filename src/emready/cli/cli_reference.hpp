#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace emready::cli {

// What a completion may offer for an option's value.
enum class ValueKind
{
  none,      // a flag: no value
  word,      // free text (a number, a URL, …)
  choice,    // one of `choices`
  file,      // a file name
  directory, // a directory name
};

// One option as the command line defines it: the single source of the man pages and the
// shell completions, so neither can drift from --help.
struct OptionReference
{
  std::vector<std::string> short_names; // "a" for -a
  std::vector<std::string> long_names;  // "agent" for --agent
  std::string value_name;               // "NAME[,NAME]", "" for a flag
  std::string description;
  std::string default_value;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;     // for ValueKind::choice
};

// One command (the program itself, "check", "lab serve", …).
struct CommandReference
{
  std::string path;        // "" for the program, "lab serve" for a subcommand of a subcommand
  std::string description;
  std::string footer;      // the --help footer: examples, verdicts, dialects
  std::vector<OptionReference> options; // without --help
  std::vector<std::string> positionals; // their names, e.g. "OLD.json"
  std::vector<std::string> subcommands; // names
};

// Every command of `app`, the program first, then depth first in definition order. Values:
// an IsMember validator gives the choices; --agent the agents of the built-in catalog and
// "all"; --dialect the dialect names; a FILE, DIR or PATH value name a file or directory.
std::vector<CommandReference> describe_commands(const CLI::App& app,
                                                const std::vector<std::string>& agents,
                                                const std::vector<std::string>& dialects);

} // namespace emready::cli
