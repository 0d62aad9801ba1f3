#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace emready::cli {

// Runs `write` on stdout, or on the file `path` (-o/--output) when one is given: created or
// truncated; a file that cannot be written is a core::InputError with the OS reason.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

// With the report in a file, what a person at a terminal still needs: `lines` (one per
// agent) and where the report went, on stderr — only when stderr is a terminal, so scripts
// and CI logs get nothing they did not ask for.
void summarise_on_terminal(const std::vector<std::string>& lines, const std::string& path);

} // namespace emready::cli
