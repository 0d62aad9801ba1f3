#pragma once

#include "emready/lab/scenario/scenario.hpp"

#include <ostream>
#include <string>

namespace emready::lab {

// How `emready lab serve` was asked to run.
struct ServeOptions
{
  std::string state_dir; // "" → a fresh temporary directory
  bool verbose = false;  // one stderr line per connection or query
};

// Brings up every listener, DNS and the proxy for `scenario`, writes the one-line JSON
// ready report to `ready_out`, and serves until SIGINT or SIGTERM. Returns the exit code.
// Bind failures are core::InputErrors thrown before the ready line.
int serve(const scenario::Scenario& scenario, const ServeOptions& options, std::ostream& ready_out);

} // namespace emready::lab
