#include "emready/profile/catalog.hpp"
#include "emready/rules/audit.hpp"
#include "emready/rules/rule_index.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace emready::rules;
using Status = TargetCoverage::Status;

namespace {

AuditResult audit_text(const char* dialect, const std::string& text,
                       const std::vector<std::string>& agents)
{
  static const auto catalog = emready::profile::Catalog::builtin();
  const auto& d = dialect_named(dialect);
  return audit(d, d.read(SourceText{"allow.txt", text}), catalog.select(agents));
}

const TargetCoverage& coverage_of(const AuditResult& r, const std::string& host)
{
  return *std::find_if(r.coverage.begin(), r.coverage.end(),
                       [&](const auto& c) { return c.target->host == host; });
}

std::vector<std::string> entries(const std::vector<ProposedRule>& rules)
{
  std::vector<std::string> out;
  for (const auto& r : rules) {
    out.push_back(r.entry);
  }
  return out;
}

} // namespace

TEST_CASE("unit: audit finds covered, port-not-covered and missing endpoints")
{
  const auto r = audit_text("plain", "*.srv.ygles.com:443\nkinesis.eu-central-1.amazonaws.com:80\n",
                            {"cca"});
  CHECK(coverage_of(r, "rgt.srv.ygles.com").status == Status::covered);
  CHECK(coverage_of(r, "rgt.srv.ygles.com").ports[0].rule == 0u);
  CHECK(coverage_of(r, "kinesis.eu-central-1.amazonaws.com").status == Status::port_not_covered);
  CHECK(coverage_of(r, "cognito-identity.eu-central-1.amazonaws.com").status ==
        Status::not_covered);
  CHECK_FALSE(r.ready());
  CHECK(entries(r.proposals) == std::vector<std::string>{"*.amazonaws.com:443"});
  CHECK(r.proposals[0].hosts.size() == 3);
}

TEST_CASE("unit: any one of 443 or 8883 is enough for the IoT endpoint")
{
  const auto r = audit_text("plain", "*.srv.ygles.com\n*.amazonaws.com:8883\n"
                                     "kinesis.eu-central-1.amazonaws.com:443\n"
                                     "cognito-identity.eu-central-1.amazonaws.com\n",
                            {"cca"});
  CHECK(coverage_of(r, "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com").status ==
        Status::covered);
  CHECK(r.ready());
  // CDCA v2 in CCA mode states no port: 443 assumed, so 8883 alone is not enough there.
  const auto r2 = audit_text("plain", "*.srv.ygles.com\n*.amazonaws.com:8883\ngdlp01.c-wss.com\n",
                             {"cdca-v2-cca"});
  CHECK_FALSE(r2.ready());
}

TEST_CASE("unit: conditional endpoints do not decide readiness")
{
  const auto r = audit_text("squid", ".ugwdevice.net\n", {"erds"});
  CHECK(coverage_of(r, "cnvextdata-an1s.srv.ygles.com").status == Status::not_covered);
  CHECK(r.ready());
}

TEST_CASE("unit: proposals follow the dialect's reading of '*'")
{
  const auto decrypt = audit_text("panos-decrypt", "", {"cca"});
  CHECK(entries(decrypt.proposals) ==
        std::vector<std::string>{"*.srv.ygles.com", "*.eu-central-1.amazonaws.com",
                                 "*.iot.eu-central-1.amazonaws.com"});
  const auto squid = audit_text("squid", "", {"cdca-v2"});
  CHECK(entries(squid.proposals) == std::vector<std::string>{".srv.ygles.com", "gdlp01.c-wss.com"});
  CHECK(squid.proposals[0].wildcard);
  CHECK_FALSE(squid.proposals[1].wildcard);
  const auto exact = audit_text("exact", "", {"rdms"});
  CHECK(entries(exact.proposals) ==
        std::vector<std::string>{"device.c-cdsknn.net:443", "a02.c-cdsknn.net:443",
                                 "device02.c-cdsknn.net:443"});
  const auto azure = audit_text("azure-app", "", {"cca"});
  CHECK(entries(azure.proposals) ==
        std::vector<std::string>{"*.srv.ygles.com https:443", "*.amazonaws.com https:443"});
  CHECK(azure.no_inspection_hosts ==
        std::vector<std::string>{"a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com"});
}

TEST_CASE("unit: lint warns about over-matching and dead rules")
{
  const auto r = audit_text("pac",
                            "dnsDomainIs(host, \"ygles.com\")\n"
                            "shExpMatch(host, \"*\")\n"
                            "dnsDomainIs(host, \".com\")\n"
                            "host == \"old.srv.ygles.com\"\n"
                            "host == \"intranet.example.org\"\n",
                            {"cca"});
  std::vector<std::pair<std::size_t, std::string>> got;
  for (const auto& f : r.findings) {
    got.emplace_back(f.rule, to_string(f.kind));
  }
  CHECK(got == std::vector<std::pair<std::size_t, std::string>>{
                 {0, "raw-suffix"}, {1, "over-match"}, {2, "over-match"}, {3, "dead"}});
  CHECK(r.findings[0].message.find("'evilygles.com'") != std::string::npos);
  const auto d = audit_text("panos-decrypt", "*.amazonaws.com\n", {"cca"});
  REQUIRE(d.findings.size() == 1);
  CHECK(to_string(d.findings[0].kind) == std::string("dead"));
}

TEST_CASE("unit: the index finds the same rules as a scan")
{
  std::vector<Rule> rules;
  const auto& plain = dialect_named("plain");
  for (const auto* entry : {"*.amazonaws.com", "*", "kinesis.eu-central-1.amazonaws.com",
                            "*.eu-central-1.amazonaws.com", "*.example.com"}) {
    rules.push_back(plain.compile(entry, {"t", 1, 1, ""}));
  }
  rules.push_back(dialect_named("pac").compile(R"(dnsDomainIs(host, "zonaws.com"))", {"t", 1, 1, ""}));
  const RuleIndex index(rules);
  for (const auto* host : {"kinesis.eu-central-1.amazonaws.com", "amazonaws.com", "x.example.com"}) {
    std::vector<std::size_t> scan;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].pattern.matches(host)) {
        scan.push_back(i);
      }
    }
    CHECK_MESSAGE(index.matching(host) == scan, host);
  }
}
