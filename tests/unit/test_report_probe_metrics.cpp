// emready serve's exposition (issue 12, section 4): the text format's escaping and numbers,
// and which samples a result gives (per agent that needs an endpoint; the deciding probe's
// timings and chain).
#include "emready/report/metric_text.hpp"
#include "emready/report/probe_metrics.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>

using namespace emready;

namespace {

check::CheckResult one_site(std::vector<plan::Target>& targets)
{
  plan::Target target;
  target.host = "a.example";
  target.ports = {443, 8883};
  target.needs = {{"cca", {{443}}, true, ""}, {"erds", {{8883}}, true, ""}};
  targets = {target};
  check::CheckResult result;
  check::HostResult host;
  host.target = &targets.front();
  dns::Answer answer;
  answer.family = 4;
  answer.status = dns::Status::ok;
  answer.ms = 2.5;
  host.answers = {answer};
  check::PortResult ok443;
  ok443.port = 443;
  check::ProbeResult probe;
  probe.observation.family = 4;
  probe.observation.tcp_connected = true;
  probe.observation.tcp_ms = 1.25;
  probe.observation.tls.completed = true;
  probe.observation.tls.ms = 3;
  probe.observation.tls.chain = {{"CN=a.example", "CN=Inter", {}, "", "2030-01-01T00:00:00Z"},
                                 {"CN=Inter", "CN=Root \"R1\"", {}, "", "2029-06-01T12:00:00Z"}};
  ok443.probes = {probe};
  check::PortResult refused;
  refused.port = 8883;
  refused.finding.verdict = check::Verdict::tcp_refused;
  check::ProbeResult failed;
  failed.observation.family = 4;
  failed.finding.verdict = check::Verdict::tcp_refused;
  refused.probes = {failed};
  host.ports = {ok443, refused};
  result.hosts = {host};
  result.agents = {{"cca", true, {}, {}}, {"erds", false, {"a.example"}, {}}};
  return result;
}

} // namespace

TEST_CASE("metric text: label values and help are escaped, numbers as the format writes them")
{
  CHECK(report::escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  CHECK(report::metric_number(1) == "1");
  CHECK(report::metric_number(0.25) == "0.25");
  CHECK(report::metric_number(1893456000) == "1893456000");
  CHECK(report::metric_number(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(report::metric_number(std::nan("")) == "NaN");
  std::ostringstream out;
  report::MetricWriter writer(out);
  writer.family("x_total", "counter", "line one\nback\\slash");
  writer.sample("x_total", {{"path", "/a\"b"}}, 2);
  CHECK(out.str() == "# HELP x_total line one\\nback\\\\slash\n# TYPE x_total counter\nx_total{path=\"/a\\\"b\"} 2\n");
}

TEST_CASE("probe metrics: an endpoint per agent that needs it, with the deciding probe's facts")
{
  std::vector<plan::Target> targets;
  const auto result = one_site(targets);
  std::ostringstream out;
  report::write_probe_metrics(&result, {1.5, 1800000000.25}, out);
  const auto text = out.str();
  CHECK(text.find("emready_probe_success 0\n") != std::string::npos);
  CHECK(text.find("emready_probe_duration_seconds 1.5\n") != std::string::npos);
  CHECK(text.find("emready_agent_ready{agent=\"erds\"} 0\n") != std::string::npos);
  CHECK(text.find("emready_endpoint_up{agent=\"cca\",host=\"a.example\",port=\"443\"} 1\n") != std::string::npos);
  CHECK(text.find("emready_endpoint_up{agent=\"erds\",host=\"a.example\",port=\"8883\"} 0\n") != std::string::npos);
  // cca does not need 8883, nor erds 443: no sample says so.
  CHECK(text.find("agent=\"cca\",host=\"a.example\",port=\"8883\"") == std::string::npos);
  CHECK(text.find("agent=\"erds\",host=\"a.example\",port=\"443\"") == std::string::npos);
  CHECK(text.find("port=\"8883\",verdict=\"tcp-refused\",layer=\"tcp\"} 1\n") != std::string::npos);
  CHECK(text.find("port=\"443\",phase=\"resolve\"} 0.0025\n") != std::string::npos);
  CHECK(text.find("port=\"443\",phase=\"connect\"} 0.00125\n") != std::string::npos);
  CHECK(text.find("port=\"443\",phase=\"tls\"} 0.003\n") != std::string::npos);
  CHECK(text.find("port=\"8883\",phase=\"connect\"") == std::string::npos); // it never connected
  // The earliest not_after of the chain: the intermediate's.
  CHECK(text.find("emready_endpoint_cert_not_after_timestamp_seconds{agent=\"cca\",host=\"a.example\",port=\"443\"} "
                  "1875009600\n") != std::string::npos);
  CHECK(text.find("issuer=\"CN=Root \\\"R1\\\"\",product=\"\"} 0\n") != std::string::npos);
}

TEST_CASE("probe metrics: without a result only success 0 and the time waited")
{
  std::ostringstream out;
  report::write_probe_metrics(nullptr, {0.75, 0}, out);
  CHECK(out.str().find("emready_probe_success 0\n") != std::string::npos);
  CHECK(out.str().find("emready_probe_duration_seconds 0.75\n") != std::string::npos);
  CHECK(out.str().find("emready_endpoint") == std::string::npos);
}

TEST_CASE("probe metrics: RFC 3339 times as Unix times")
{
  CHECK(report::unix_time_of("1970-01-01T00:00:00Z") == 0);
  CHECK(report::unix_time_of("2029-06-01T12:00:00Z") == 1875009600);
  CHECK(!report::unix_time_of("2029-06-01 12:00:00"));
  CHECK(!report::unix_time_of("2029-06-01T12:00:00+02:00"));
  CHECK(!report::unix_time_of(""));
}
