#pragma once

#include "emready/cli/check_options.hpp"

#include <functional>
#include <ostream>
#include <string>

namespace emready::cli {

// One run of a repeated check: its exit code, its JSON report, and how to print it in full.
struct RepeatedRun
{
  int exit_code = 0;
  std::string json;
  std::function<void(std::ostream&)> print;
};

// `check --every`: runs `once` every options.every seconds (from the start of one run to the
// next), writes each run's JSON to options.history (as UTC-TIME-runNNNN.json, and latest.json),
// prints the first report in full and then only what changed since the run before
// (report::diff_checks; one line when nothing did),
// and returns after options.runs runs or on SIGTERM/SIGINT, which end the wait at once and a run
// when it is done: 0 after SIGTERM, 130 after SIGINT, else the last run's exit code.
int run_repeatedly(const CheckOptions& options, const std::function<RepeatedRun()>& once);

} // namespace emready::cli
