#include "emready/exporter/exporter_stats.hpp"

#include "emready/exporter/process_metrics.hpp"
#include "emready/report/metric_text.hpp"

namespace emready::exporter {

void ExporterStats::request(const std::string& path, int status)
{
  const std::lock_guard lock(m_mutex);
  m_requests[{path, status}] += 1;
}

void ExporterStats::run(bool ok, double seconds)
{
  const std::lock_guard lock(m_mutex);
  (ok ? m_runs_ok : m_runs_failed) += 1;
  m_run_seconds += seconds;
}

void ExporterStats::shared()
{
  const std::lock_guard lock(m_mutex);
  m_shared += 1;
}

void ExporterStats::write(std::ostream& out, std::size_t running) const
{
  report::MetricWriter writer(out);
  const std::lock_guard lock(m_mutex);
  writer.family("emready_exporter_build_info", "gauge", "The emready version serving (1)");
  writer.sample("emready_exporter_build_info", {{"version", EMREADY_VERSION}}, 1);
  writer.family("emready_exporter_requests_total", "counter", "HTTP requests answered, by path and status code");
  for (const auto& [key, count] : m_requests) {
    writer.sample("emready_exporter_requests_total", {{"path", key.first}, {"code", std::to_string(key.second)}}, count);
  }
  writer.family("emready_exporter_runs_total", "counter",
                "Checks run for /probe, by result: ok (a result) or failed (none: see the log)");
  writer.sample("emready_exporter_runs_total", {{"result", "ok"}}, m_runs_ok);
  writer.sample("emready_exporter_runs_total", {{"result", "failed"}}, m_runs_failed);
  writer.family("emready_exporter_run_duration_seconds", "summary", "Seconds the checks run for /probe took");
  writer.sample("emready_exporter_run_duration_seconds_sum", m_run_seconds);
  writer.sample("emready_exporter_run_duration_seconds_count", m_runs_ok + m_runs_failed);
  writer.family("emready_exporter_probes_shared_total", "counter",
                "/probe requests answered with a run another request made (in progress, or within --min-interval)");
  writer.sample("emready_exporter_probes_shared_total", m_shared);
  writer.family("emready_exporter_runs_in_progress", "gauge", "Checks running now");
  writer.sample("emready_exporter_runs_in_progress", static_cast<double>(running));
  write_process_metrics(writer);
}

} // namespace emready::exporter
