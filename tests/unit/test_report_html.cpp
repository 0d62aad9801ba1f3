#include "emready/report/html_report.hpp"

#include "test_check_fixture.hpp"
#include "test_golden.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready;

TEST_CASE("unit: golden: check HTML report")
{
  std::ostringstream out;
  report::write_check_html(test::check_fixture().result, test::fixed_run_facts(), out);
  test::check_golden("check.html", out.str());
}

TEST_CASE("unit: HTML report: every dynamic string is escaped, nothing is fetched, nothing runs")
{
  auto fixture = test::check_fixture();
  auto& result = fixture.result;
  auto& port = result.hosts.front().ports.front();
  port.finding.evidence = {"certificate \"CN=<script>alert(1)</script>\" issued by \"O=A&B\""};
  result.hosts.front().warnings = {"<img src=x onerror=alert(2)>"};
  auto facts = test::fixed_run_facts();
  facts.machine = "ws-<b>042</b>";
  facts.lab_overrides = {"--port-map 443=10443"};
  std::ostringstream out;
  report::write_check_html(result, facts, out);
  const auto html = out.str();
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("ws-&lt;b&gt;042&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("O=A&amp;B") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos); // no external requests
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("Not a production check") != std::string::npos);
  // The order an auditor reads: result, diagnosis, findings, rules, method, provenance, appendix.
  const auto at = [&](const char* text) { return html.find(text); };
  CHECK(at("Result per agent") < at("<h2>Diagnosis"));
  CHECK(at("<h2>Diagnosis") < at("Findings per endpoint"));
  CHECK(at("Findings per endpoint") < at("What to change"));
  CHECK(at("What to change") < at("<h2>Method"));
  CHECK(at("<h2>Method") < at("<h2>Profiles"));
  CHECK(at("<h2>Profiles") < at("Appendix: What eM sends and stores"));
  CHECK(html.find("AES-256") != std::string::npos);
  CHECK(html.find("ISO/IEC 27017") != std::string::npos);
}
