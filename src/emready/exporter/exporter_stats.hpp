#pragma once

#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>

namespace emready::exporter {

// What the exporter counts about itself, for its /metrics page. Thread-safe.
class ExporterStats
{
public:
  // One request answered: its path ("/probe"; others as "other") and status.
  void request(const std::string& path, int status);
  // One run made (ok: it gave a result) and how long it took.
  void run(bool ok, double seconds);
  // One /probe answered with a run another request made (in progress or recent).
  void shared();

  // The exporter's metrics: build info, requests, runs, shared answers, runs in progress
  // (`running`), and the process's own (start time, memory, descriptors, CPU).
  void write(std::ostream& out, std::size_t running) const;

private:
  mutable std::mutex m_mutex;
  std::map<std::pair<std::string, int>, double> m_requests;
  double m_runs_ok = 0;
  double m_runs_failed = 0;
  double m_run_seconds = 0;
  double m_shared = 0;
};

} // namespace emready::exporter
