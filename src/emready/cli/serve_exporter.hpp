#pragma once

#include "emready/cli/check_options.hpp"
#include "emready/cli/check_run.hpp"
#include "emready/cli/context.hpp"
#include "emready/exporter/exporter_stats.hpp"
#include "emready/exporter/http_server.hpp"
#include "emready/exporter/shared_runs.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace emready::cli {

// Everything `emready serve` takes beyond the probe options.
struct ServeOptions
{
  std::string listen = "127.0.0.1:9816";
  double min_interval = 10;    // seconds a run's result is shared with later scrapes
  std::size_t max_runs = 4;    // checks in progress at once
  double timeout_offset = 0.5; // seconds kept from the scrape timeout for the answer
  double scrape_timeout = 30;  // seconds, when a request gives no X-Prometheus-Scrape-Timeout-Seconds
  unsigned max_connections = 64;
};

// One check made for /probe, as scrapes share it.
struct ProbeRun
{
  CheckOutcome outcome;
  double seconds = 0;       // how long it took
  double finished_unix = 0; // when it finished
};

// The exporter's pages: / (links, the recent runs), /metrics (the exporter itself), /probe
// (a check of the agents asked for, as Prometheus metrics), /-/healthy. Thread-safe: the
// HTTP server calls it from a thread per connection.
class Exporter
{
public:
  Exporter(const CheckOptions& check, const ServeOptions& serve, const Context& context, CheckSetup setup);

  exporter::HttpResponse handle(const exporter::HttpRequest& request);

private:
  exporter::HttpResponse probe(const exporter::HttpRequest& request);
  exporter::HttpResponse index() const;
  std::shared_ptr<const ProbeRun> run(const std::string& key, const std::vector<std::string>& agents,
                                      exporter::SharedRuns<ProbeRun>::Clock::time_point deadline);
  void remember(const std::string& key, const ProbeRun& run);

  const CheckOptions& m_check;
  const ServeOptions& m_serve;
  const Context& m_context;
  CheckSetup m_setup;
  exporter::SharedRuns<ProbeRun> m_runs;
  exporter::ExporterStats m_stats;
  mutable std::mutex m_mutex;
  std::map<std::string, std::pair<bool, std::string>> m_last; // key → (ready, finished at), for / and the log
};

} // namespace emready::cli
