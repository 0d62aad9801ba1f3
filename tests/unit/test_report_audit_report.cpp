#include "emready/report/audit_report.hpp"
#include "emready/rules/audit.hpp"

#include "test_check_fixture.hpp"
#include "test_golden.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready;

namespace {

// The golden check fixture's agents against a site list with a port gap, a missing host, an
// over-broad rule and a dead one.
rules::AuditResult fixture_audit()
{
  const auto& dialect = rules::dialect_named("plain");
  const std::string text = "# Site allow-list\n"
                           "*.srv.ygles.com:443\n"
                           "kinesis.eu-central-1.amazonaws.com:80\n"
                           "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com:8883\n"
                           "*.legacy.ygles.com\n"
                           "*.net:443\n";
  return rules::audit(dialect, dialect.read(rules::SourceText{"site-allow.txt", text}),
                      test::check_fixture().profile_pointers());
}

} // namespace

TEST_CASE("unit: golden: audit text report (no colour)")
{
  std::ostringstream out;
  report::print_audit(fixture_audit(), report::Style(false), out);
  test::check_golden("audit.txt", out.str());
}

TEST_CASE("unit: golden: audit JSON report")
{
  test::check_golden("audit.json", report::audit_json(fixture_audit()).dump(2) + "\n");
}
