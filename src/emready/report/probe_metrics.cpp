#include "emready/report/probe_metrics.hpp"

#include "emready/report/metric_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <string>

namespace emready::report {

namespace {

// One endpoint as one agent needs it: the labels every endpoint family shares.
struct EndpointRow
{
  const check::HostResult* host;
  const check::PortResult* port;
  std::string agent;

  MetricLabels labels() const
  {
    return {{"agent", agent}, {"host", host->target->host}, {"port", std::to_string(port->port)}};
  }
};

std::vector<EndpointRow> endpoint_rows(const check::CheckResult& result)
{
  std::vector<EndpointRow> rows;
  for (const auto& host : result.hosts) {
    if (host.target == nullptr) {
      continue;
    }
    for (const auto& need : host.target->needs) {
      for (const auto& port : host.ports) {
        const bool named = std::any_of(need.clauses.begin(), need.clauses.end(), [&](const auto& clause) {
          return std::find(clause.begin(), clause.end(), port.port) != clause.end();
        });
        if (named) {
          rows.push_back({&host, &port, need.agent});
        }
      }
    }
  }
  return rows;
}

// The probe that decided the port's verdict (one that shows it), for its timings and chain.
const check::ProbeResult* deciding_probe(const check::PortResult& port)
{
  for (const auto& probe : port.probes) {
    if (probe.finding.verdict == port.finding.verdict) {
      return &probe;
    }
  }
  return port.probes.empty() ? nullptr : &port.probes.front();
}

std::optional<double> earliest_not_after(const check::TlsObservation& tls)
{
  std::optional<double> earliest;
  for (const auto& cert : tls.chain) {
    if (const auto when = unix_time_of(cert.not_after); when && (!earliest || *when < *earliest)) {
      earliest = when;
    }
  }
  return earliest;
}

void each_row(MetricWriter& writer, const std::vector<EndpointRow>& rows, std::string_view name,
              std::string_view help, const std::function<void(const EndpointRow&)>& write)
{
  if (rows.empty()) {
    return;
  }
  writer.family(name, "gauge", help);
  for (const auto& row : rows) {
    write(row);
  }
}

} // namespace

std::optional<double> unix_time_of(const std::string& rfc3339)
{
  std::tm tm{};
  char zone = 0;
  int used = 0;
  if (std::sscanf(rfc3339.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone, &used) != 7 ||
      zone != 'Z' || static_cast<std::size_t>(used) != rfc3339.size()) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(::timegm(&tm));
}

void write_probe_metrics(const check::CheckResult* result, const ProbeFacts& facts, std::ostream& out)
{
  MetricWriter writer(out);
  writer.family("emready_probe_success", "gauge",
                "1 when every agent asked for is ready: its required endpoints answer as a device needs");
  writer.sample("emready_probe_success", result != nullptr && result->ready() ? 1 : 0);
  writer.family("emready_probe_duration_seconds", "gauge", "How long the run shown took, in seconds");
  writer.sample("emready_probe_duration_seconds", std::round(facts.duration_s * 1e6) / 1e6);
  if (result == nullptr) {
    return;
  }
  writer.family("emready_probe_run_timestamp_seconds", "gauge",
                "When the run shown finished, as a Unix time (earlier than the scrape when a recent run "
                "was shared)");
  writer.sample("emready_probe_run_timestamp_seconds", std::round(facts.finished_unix * 1e3) / 1e3);
  writer.family("emready_agent_ready", "gauge", "1 when the agent can work from this network");
  for (const auto& agent : result->agents) {
    writer.sample("emready_agent_ready", {{"agent", agent.agent}}, agent.ready ? 1 : 0);
  }
  const auto rows = endpoint_rows(*result);
  each_row(writer, rows, "emready_endpoint_up",
           "1 when the endpoint answers as a device needs (DNS, TCP, TLS and any proxy on the way)",
           [&](const EndpointRow& row) {
             writer.sample("emready_endpoint_up", row.labels(),
                           row.port->finding.verdict == check::Verdict::ok ? 1 : 0);
           });
  each_row(writer, rows, "emready_endpoint_verdict",
           "The endpoint's verdict (1), named after the layer that failed ('emready check --help')",
           [&](const EndpointRow& row) {
             auto labels = row.labels();
             labels.emplace_back("verdict", std::string(check::to_string(row.port->finding.verdict)));
             labels.emplace_back("layer", std::string(check::to_string(check::layer_of(row.port->finding.verdict))));
             writer.sample("emready_endpoint_verdict", labels, 1);
           });
  each_row(writer, rows, "emready_endpoint_phase_duration_seconds",
           "Seconds each phase of the deciding probe took: resolve (the DNS lookup of its family), "
           "connect (TCP, to the host or its proxy), tls (the handshake)",
           [&](const EndpointRow& row) {
             const auto* probe = deciding_probe(*row.port);
             if (probe == nullptr) {
               return;
             }
             const auto& seen = probe->observation;
             const auto phase = [&](const char* name, double ms) {
               auto labels = row.labels();
               labels.emplace_back("phase", name);
               // To the microsecond: what a probe's clock can tell, and short on the page.
               writer.sample("emready_endpoint_phase_duration_seconds", labels, std::round(ms * 1000.0) / 1e6);
             };
             for (const auto& answer : row.host->answers) {
               if (answer.family == seen.family && answer.status == dns::Status::ok) {
                 phase("resolve", answer.ms);
               }
             }
             if (seen.tcp_connected) {
               phase("connect", seen.tcp_ms);
             }
             if (seen.tls.completed) {
               phase("tls", seen.tls.ms);
             }
           });
  each_row(writer, rows, "emready_endpoint_cert_not_after_timestamp_seconds",
           "The earliest not_after of the certificate chain the endpoint sent, as a Unix time",
           [&](const EndpointRow& row) {
             const auto* probe = deciding_probe(*row.port);
             if (probe == nullptr) {
               return;
             }
             if (const auto when = earliest_not_after(probe->observation.tls)) {
               writer.sample("emready_endpoint_cert_not_after_timestamp_seconds", row.labels(), *when);
             }
           });
  each_row(writer, rows, "emready_endpoint_tls_intercepted",
           "1 when the chain the endpoint sent ends in a CA the devices do not trust (TLS inspection); "
           "issuer is the CA the chain hangs from, product the inspection product it names",
           [&](const EndpointRow& row) {
             const auto* probe = deciding_probe(*row.port);
             if (probe == nullptr || probe->observation.tls.chain.empty()) {
               return;
             }
             auto labels = row.labels();
             labels.emplace_back("issuer", probe->observation.tls.chain.back().issuer);
             labels.emplace_back("product", row.port->finding.interception);
             writer.sample("emready_endpoint_tls_intercepted", labels,
                           check::needs_inspection_bypass(row.port->finding.verdict) ? 1 : 0);
           });
}

} // namespace emready::report
