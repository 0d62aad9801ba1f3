#pragma once

#include "emready/check/result.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace emready::report {

// What a scrape of `emready serve`'s /probe says about the run it shows, beyond the result.
struct ProbeFacts
{
  double duration_s = 0;    // how long the run took (or the scrape waited, without a result)
  double finished_unix = 0; // when the run finished, as a Unix time (0 without a result)
};

// The run as Prometheus metrics (text format 0.0.4): emready_probe_success (every agent
// ready), emready_probe_duration_seconds, emready_probe_run_timestamp_seconds, per agent
// emready_agent_ready, and per endpoint and agent that needs it emready_endpoint_up, the
// verdict and layer, the phases' durations, the chain's earliest not_after and whether the
// TLS is intercepted, with the issuer. Without a result (the run could not be made) only
// emready_probe_success 0 and the duration.
void write_probe_metrics(const check::CheckResult* result, const ProbeFacts& facts, std::ostream& out);

// Seconds since the epoch of an RFC 3339 UTC time as certificates are shown
// ("2027-01-31T23:59:59Z"); nullopt for anything else.
std::optional<double> unix_time_of(const std::string& rfc3339);

} // namespace emready::report
