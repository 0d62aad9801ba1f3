#pragma once

namespace emready::core {

// The exit codes are a contract with CI systems; README.md documents the same table and a
// unit test keeps the two in step.
enum class ExitCode : int
{
  ready = 0,        // every required endpoint is reachable / covered
  not_ready = 1,    // a required endpoint failed or is not covered
  usage_error = 2,  // bad command line or bad input file
  internal_error = 3,
  not_proven = 4,   // audit: covered as far as emready reads the list, but the list has
                    // statements it does not model (a deny, a negated test): not proven
  interrupted = 130,
};

// The number a process exits with.
constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

} // namespace emready::core
