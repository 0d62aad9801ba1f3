#pragma once

#include "emready/check/result.hpp"
#include "emready/probe/engine.hpp"

#include <optional>

namespace emready::cli {

// When some certificate looked expired or not yet valid, this machine's clock compared with
// the `Date` of an HTTPS endpoint of the run: a healthy one first, else one of those
// certificates' own servers (at most three asked). nullopt when no certificate looked out
// of date, or no server gave a Date.
std::optional<check::ClockReading> compare_clocks(const check::CheckResult& result,
                                                  const probe::EngineOptions& options);

} // namespace emready::cli
