#pragma once

namespace emready::cli {

// The whole command line: parses, dispatches to a subcommand, and turns errors into the
// documented exit codes. Returns the process exit code.
int run(int argc, char** argv);

} // namespace emready::cli
