// `emready serve`'s pages. A /probe request is one check of its agents with serve's options,
// shared with concurrent requests for the same agents and answered again within
// --min-interval; its deadline is the scrape's timeout (less --timeout-offset), so Prometheus
// always gets an answer in time, with what did not finish as not-run.
#include "emready/cli/serve_exporter.hpp"

#include "emready/core/error.hpp"
#include "emready/core/suggest.hpp"
#include "emready/report/check_report.hpp"
#include "emready/report/html_report.hpp"
#include "emready/report/metric_text.hpp"
#include "emready/report/probe_metrics.hpp"
#include "emready/report/style.hpp"
#include "emready/report/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <sstream>

namespace emready::cli {

namespace {

using Clock = exporter::SharedRuns<ProbeRun>::Clock;

exporter::HttpResponse text(int status, std::string body)
{
  return {status, "text/plain; charset=utf-8", std::move(body) + "\n", {}};
}

std::vector<std::string> split_agents(const std::string& value)
{
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(value);
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

// The scrape's timeout in seconds from Prometheus' header; nullopt when there is none.
std::optional<double> scrape_timeout_of(const exporter::HttpRequest& request)
{
  const auto header = request.header("X-Prometheus-Scrape-Timeout-Seconds");
  if (!header) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double seconds = std::strtod(header->c_str(), &end);
  if (header->empty() || end != header->c_str() + header->size() || !std::isfinite(seconds) || seconds <= 0) {
    throw core::InputError(fmt::format("X-Prometheus-Scrape-Timeout-Seconds '{}' is not a number of seconds", *header));
  }
  return seconds;
}

} // namespace

Exporter::Exporter(const CheckOptions& check, const ServeOptions& serve, const Context& context, CheckSetup setup)
  : m_check(check),
    m_serve(serve),
    m_context(context),
    m_setup(std::move(setup)),
    m_runs(std::chrono::milliseconds(static_cast<long long>(serve.min_interval * 1000)), serve.max_runs)
{
}

exporter::HttpResponse Exporter::handle(const exporter::HttpRequest& request)
{
  exporter::HttpResponse response;
  std::string label = "other";
  if (request.method != "GET" && request.method != "HEAD") {
    response = text(405, fmt::format("{} is not served here: use GET", request.method));
    response.headers.emplace_back("Allow", "GET, HEAD");
  } else if (request.path == "/probe") {
    label = request.path;
    response = probe(request);
  } else if (request.path == "/metrics") {
    label = request.path;
    std::ostringstream out;
    m_stats.write(out, m_runs.running());
    response = {200, std::string(report::MetricWriter::k_content_type), out.str(), {}};
  } else if (request.path == "/") {
    label = request.path;
    response = index();
  } else if (request.path == "/-/healthy") {
    label = request.path;
    response = text(200, "emready serve is healthy");
  } else {
    response = text(404, fmt::format("no page {} here: see / for the pages", request.path));
  }
  m_stats.request(label, response.status);
  return response;
}

exporter::HttpResponse Exporter::probe(const exporter::HttpRequest& request)
{
  const auto start = Clock::now();
  std::vector<std::string> agents;
  bool debug = false;
  std::vector<const profile::Profile*> profiles;
  double timeout = m_serve.scrape_timeout;
  try {
    for (const auto& [key, value] : request.query) {
      if (key == "agent") {
        for (auto& name : split_agents(value)) {
          agents.push_back(std::move(name));
        }
      } else if (key == "debug") {
        if (value != "true" && value != "false" && value != "1" && value != "0") {
          throw core::InputError(fmt::format("debug '{}' is not true or false", value));
        }
        debug = value == "true" || value == "1";
      } else {
        throw core::InputError(fmt::format("unknown parameter '{}'{}; /probe takes agent=NAME (repeatable) "
                                           "and debug=true",
                                           key, core::did_you_mean(key, {"agent", "debug"})));
      }
    }
    if (agents.empty()) {
      agents = m_check.agents; // serve's --agent, else every agent
    }
    profiles = m_setup.catalog->select(agents);
    timeout = scrape_timeout_of(request).value_or(m_serve.scrape_timeout);
  } catch (const core::InputError& error) {
    return text(400, fmt::format("bad request: {}", error.what()));
  }
  std::vector<std::string> names;
  for (const auto* profile : profiles) {
    names.push_back(profile->agent);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const auto key = fmt::format("{}", fmt::join(names, ","));
  // The answer must reach Prometheus before its timeout: the run gets what is left.
  const double budget = std::max(timeout - m_serve.timeout_offset, timeout / 2);
  const auto deadline = start + std::chrono::milliseconds(static_cast<long long>(budget * 1000));
  const auto answer = m_runs.get(key, deadline, [&](Clock::time_point until) { return run(key, names, until); });
  if (answer.result && !answer.own) {
    m_stats.shared();
  }
  if (!answer.result) {
    std::cerr << fmt::format("emready serve: /probe for {}: no result: {}\n", key, answer.failure);
  }
  report::ProbeFacts facts;
  facts.duration_s = answer.result ? answer.result->seconds
                                   : std::chrono::duration<double>(Clock::now() - start).count();
  facts.finished_unix = answer.result ? answer.result->finished_unix : 0;
  std::ostringstream out;
  if (debug) {
    out << "# emready serve: the run for " << key << (answer.own ? "" : " (shared)") << "\n";
    if (answer.result) {
      report::print_check(answer.result->outcome.result, report::Style(false), out, true);
    } else {
      out << "no result: " << answer.failure << "\n";
    }
    out << "\n";
  }
  report::write_probe_metrics(answer.result ? &answer.result->outcome.result : nullptr, facts, out);
  return {200, debug ? "text/plain; charset=utf-8" : std::string(report::MetricWriter::k_content_type), out.str(), {}};
}

std::shared_ptr<const ProbeRun> Exporter::run(const std::string& key, const std::vector<std::string>& agents,
                                             Clock::time_point deadline)
{
  const auto start = Clock::now();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - start);
  if (left.count() <= 0) {
    throw std::runtime_error("no time was left for a run before the scrape's deadline");
  }
  auto made = std::make_shared<ProbeRun>();
  try {
    made->outcome = execute_check(m_setup, m_check, m_context, {agents, left, false, false, false});
  } catch (const std::exception&) {
    m_stats.run(false, std::chrono::duration<double>(Clock::now() - start).count());
    throw;
  }
  made->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  made->finished_unix =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  m_stats.run(true, made->seconds);
  remember(key, *made);
  return made;
}

// The log says when readiness changes, so journald shows when a site broke and mended.
void Exporter::remember(const std::string& key, const ProbeRun& run)
{
  const auto& result = run.outcome.result;
  const bool ready = result.ready();
  const std::lock_guard lock(m_mutex);
  const auto it = m_last.find(key);
  if (it == m_last.end() || it->second.first != ready) {
    // The terminal summary's words: each agent ready, or its failing required hosts.
    std::cerr << fmt::format("emready serve: {}: {}\n", key, fmt::join(report::check_summary(result), "; "));
  }
  m_last[key] = {ready, result.finished_at};
}

exporter::HttpResponse Exporter::index() const
{
  std::string rows;
  {
    const std::lock_guard lock(m_mutex);
    for (const auto& [key, last] : m_last) {
      rows += fmt::format("<tr><td><a href=\"/probe?agent={0}&amp;debug=true\">{0}</a></td><td>{1}</td><td>{2}</td></tr>\n",
                          report::html_escape(key), last.first ? "ready" : "<b>not ready</b>", report::html_escape(last.second));
    }
  }
  std::string agents;
  for (const auto& name : m_setup.catalog->agent_names()) {
    agents += fmt::format("<li><a href=\"/probe?agent={0}\">/probe?agent={0}</a> "
                          "(<a href=\"/probe?agent={0}&amp;debug=true\">with the report</a>)</li>\n",
                          report::html_escape(name));
  }
  const auto body = fmt::format(
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>emready exporter</title></head>\n"
    "<body>\n<h1>emready exporter</h1>\n"
    "<p>Checks whether this network lets the Canon eMaintenance agents reach their cloud endpoints, "
    "for Prometheus (emready {}).</p>\n"
    "<ul>\n<li><a href=\"/metrics\">/metrics</a>: the exporter itself</li>\n"
    "<li><a href=\"/probe\">/probe</a>: {}</li>\n{}</ul>\n"
    "<h2>Recent runs</h2>\n{}\n</body></html>\n",
    EMREADY_VERSION, m_check.agents.empty() ? "every agent" : report::html_escape(fmt::format("{}", fmt::join(m_check.agents, ","))),
    agents,
    rows.empty() ? std::string("<p>None yet.</p>")
                 : "<table>\n<tr><th>Agents</th><th>Last run</th><th>Finished</th></tr>\n" + rows + "</table>");
  return {200, "text/html; charset=utf-8", body, {}};
}

} // namespace emready::cli
