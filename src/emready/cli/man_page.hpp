#pragma once

#include "emready/cli/cli_reference.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace emready::cli {

// The man page name of a command: "emready", "emready-check", "emready-lab-serve".
std::string man_page_name(const CommandReference& command);

// `command`'s page in section 1, in roff (man(7) macros): NAME, SYNOPSIS, DESCRIPTION,
// OPTIONS (every option of its --help, with value, default and choices), COMMANDS, the --help
// footer (examples, verdicts, exit codes) and SEE ALSO. `date` is the page's date.
void write_man_page(const CommandReference& command, const std::vector<CommandReference>& all,
                    const std::string& version, const std::string& date, std::ostream& out);

} // namespace emready::cli
