#pragma once

#include "emready/cli/cli_reference.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace emready::cli {

// The shells completion scripts are written for.
const std::vector<std::string>& completion_shells();

// The completion script for `shell` ("bash", "zsh", "fish"), generated from `commands`:
// subcommands, every option, the values of options with choices (agents, dialects,
// formats, …; comma-separated lists complete their last item) and file or directory names.
// zsh runs the bash function through bashcompinit.
void write_completion(const std::string& shell, const std::vector<CommandReference>& commands,
                      std::ostream& out);

} // namespace emready::cli
