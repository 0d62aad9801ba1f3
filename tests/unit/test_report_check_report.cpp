#include "emready/report/check_report.hpp"

#include "test_check_fixture.hpp"
#include "test_golden.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready;
using check::Verdict;

namespace {

Verdict verdict_of(const check::CheckResult& result, const std::string& host, std::uint16_t port)
{
  for (const auto& each : result.hosts) {
    for (const auto& p : each.ports) {
      if (each.target->host == host && p.port == port) {
        return p.finding.verdict;
      }
    }
  }
  FAIL("no endpoint " << host << ":" << port);
  return Verdict::not_run;
}

} // namespace

TEST_CASE("unit: the golden check fixture is the run it claims to be")
{
  const auto& result = test::check_fixture().result;
  CHECK_FALSE(result.ready());
  REQUIRE(result.agents.size() == 2);
  CHECK(result.agents[0].failed_required ==
        std::vector<std::string>{"kinesis.eu-central-1.amazonaws.com",
                                 "cognito-identity.eu-central-1.amazonaws.com"});
  CHECK(result.agents[1].failed_required ==
        std::vector<std::string>{"a01.ugwdevice.net", "gdlp01.c-wss.com"});
  CHECK(result.agents[1].failed_conditional == std::vector<std::string>{"cnvextdata-an1s.srv.ygles.com"});
  CHECK(verdict_of(result, "rgt.srv.ygles.com", 443) == Verdict::ok);
  CHECK(verdict_of(result, "kinesis.eu-central-1.amazonaws.com", 443) == Verdict::tcp_timeout);
  CHECK(verdict_of(result, "cognito-identity.eu-central-1.amazonaws.com", 443) == Verdict::dns_sinkhole);
  CHECK(verdict_of(result, "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com", 443) == Verdict::ok);
  CHECK(verdict_of(result, "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com", 8883) == Verdict::tcp_refused);
  CHECK(verdict_of(result, "a01.ugwdevice.net", 443) == Verdict::tls_untrusted);
  CHECK(verdict_of(result, "gdlp01.c-wss.com", 443) == Verdict::tls_expired);
  CHECK(verdict_of(result, "cnvextdata-an1s.srv.ygles.com", 443) == Verdict::dns_nxdomain);
  CHECK(result.interception_seen);
  CHECK_FALSE(result.missing_rules.empty());
  CHECK(result.bypass_hosts ==
        std::vector<std::string>{"a01.ugwdevice.net", "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com"});
}

TEST_CASE("unit: golden: check text report (no colour)")
{
  std::ostringstream out;
  report::print_check(test::check_fixture().result, report::Style(false), out);
  test::check_golden("check.txt", out.str());
}

TEST_CASE("unit: golden: check JSON report")
{
  // As `emready check --format json` writes it.
  test::check_golden("check.json", report::check_json(test::check_fixture().result).dump(2) + "\n");
}

TEST_CASE("unit: golden: check text report with a dialect that cannot hold comments")
{
  // JSON dialects: the firewall's rules are JSON, the bypass list is said apart from them.
  const auto result = test::check_fixture().analysed("aws-nfw");
  std::ostringstream out;
  report::print_check(result, report::Style(false, 200), out);
  const auto text = out.str();
  CHECK(text.find("Firewall (aws-nfw rules)") != std::string::npos);
  CHECK(text.find("DNS filter (umbrella rules)") != std::string::npos);
  CHECK(text.find("Exclude from TLS inspection: a01.ugwdevice.net, "
                  "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com\n") != std::string::npos);
}

TEST_CASE("unit: text report on a 120-column terminal: failures first, ok rows short, evidence wrapped under itself")
{
  std::ostringstream out;
  report::print_check(test::check_fixture().result, report::Style(false, 120), out);
  const auto text = out.str();
  std::istringstream lines(text);
  std::string line;
  std::size_t evidence_column = 0;
  bool wrapped = false;
  while (std::getline(lines, line)) {
    if (line.find("EVIDENCE") != std::string::npos) {
      evidence_column = line.find("EVIDENCE");
    }
    if (line.rfind("  HOST", 0) == 0 || line.empty() || line.find("Missing rules") == 0 || line.rfind("#", 0) == 0 ||
        line.rfind("Checked", 0) == 0 || line.rfind("Readiness", 0) == 0) {
      continue;
    }
    if (line.size() > 120) {
      FAIL_CHECK("longer than 120: " << line);
    }
    if (evidence_column > 0 && line.size() > evidence_column && line.find_first_not_of(' ') == evidence_column) {
      wrapped = true; // a continuation line starts under the evidence column
    }
  }
  CHECK(wrapped);
  CHECK(text.find("kinesis.eu-central-1.amazonaws.com") < text.find("rgt.srv.ygles.com")); // failures first
  CHECK(text.find("TLS_AES_128_GCM_SHA256") == std::string::npos); // ok rows short
  std::ostringstream verbose;
  report::print_check(test::check_fixture().result, report::Style(false, 120), verbose, true);
  CHECK(verbose.str().find("TLS_AES_128_GCM_SHA256") != std::string::npos); // -v: the whole handshake
}
