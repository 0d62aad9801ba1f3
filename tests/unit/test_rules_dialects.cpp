// Table-driven cases for every dialect's matching, each tied to the vendor behaviour its
// DialectInfo cites (see `emready dialects`).
#include "emready/rules/dialect.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready::rules;

namespace {

struct Case
{
  const char* entry;
  const char* host;
  bool match;
};

const emready::core::SourceLocation k_here{"t", 1, 1, ""};

void check_cases(const char* dialect, const std::vector<Case>& cases)
{
  const auto& d = dialect_named(dialect);
  for (const auto& c : cases) {
    const auto rule = d.compile(c.entry, k_here);
    CHECK_MESSAGE(rule.pattern.matches(c.host) == c.match,
                  dialect << ": '" << c.entry << "' vs " << c.host);
  }
}

void check_rejects(const char* dialect, const std::vector<const char*>& entries)
{
  const auto& d = dialect_named(dialect);
  for (const auto* entry : entries) {
    CHECK_THROWS_AS_MESSAGE(d.compile(entry, k_here), emready::core::InputError,
                            dialect << " accepted '" << entry << "'");
  }
}

const char* k_kinesis = "kinesis.eu-central-1.amazonaws.com";
const char* k_iot = "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com";

} // namespace

TEST_CASE("unit: squid dstdomain")
{
  check_cases("squid", {{".amazonaws.com", k_kinesis, true},
                        {".amazonaws.com", k_iot, true},
                        {".amazonaws.com", "amazonaws.com", true},
                        {".amazonaws.com", "evilamazonaws.com", false},
                        {"amazonaws.com", k_kinesis, false},
                        {"amazonaws.com", "amazonaws.com", true},
                        {".SRV.ygles.com", "rgt.srv.ygles.com", true},
                        {"*.amazonaws.com", k_kinesis, false}}); // Squid reads '*' literally
  check_rejects("squid", {"a..b"});
  const auto star = dialect_named("squid").compile("*.amazonaws.com", k_here);
  CHECK(star.dead == "Squid reads '*' literally: this names no host; write '.amazonaws.com'");
}

TEST_CASE("unit: aws-nfw domain list")
{
  check_cases("aws-nfw", {{".amazonaws.com", k_iot, true},
                          {".amazonaws.com", "amazonaws.com", true},
                          {"kinesis.eu-central-1.amazonaws.com", k_kinesis, true},
                          {"eu-central-1.amazonaws.com", k_kinesis, false},
                          {".c-wss.com", "gdlp01.c-wss.com", true},
                          {".c-wss.com", "xc-wss.com", false}});
  check_rejects("aws-nfw", {"*.amazonaws.com"});
}

TEST_CASE("unit: zscaler leading dot reaches 5 levels")
{
  check_cases("zscaler", {{".amazonaws.com", "amazonaws.com", true},
                          {".amazonaws.com", k_iot, true}, // 3 levels below
                          {".example.com", "a.b.c.d.e.example.com", true},
                          {".example.com", "a.b.c.d.e.f.example.com", false},
                          {"example.com", "www.example.com", false}});
  check_rejects("zscaler", {".Example.com", "*.example.com"});
}

TEST_CASE("unit: checkpoint FQDN and non-FQDN modes")
{
  check_cases("checkpoint", {{".srv.ygles.com fqdn", "srv.ygles.com", true},
                             {".srv.ygles.com fqdn", "rgt.srv.ygles.com", false},
                             {".srv.ygles.com", "rgt.srv.ygles.com", false},
                             {".srv.ygles.com non-fqdn", "rgt.srv.ygles.com", true},
                             {".srv.ygles.com non-fqdn", "srv.ygles.com", true},
                             {".amazonaws.com non-fqdn", k_iot, true}});
  check_rejects("checkpoint", {"srv.ygles.com", ".srv.ygles.com subdomains"});
}

TEST_CASE("unit: umbrella covers every subdomain, rejects '*'")
{
  check_cases("umbrella", {{"amazonaws.com", k_iot, true},
                           {"amazonaws.com", "amazonaws.com", true},
                           {"amazonaws.com", "notamazonaws.com", false}});
  check_rejects("umbrella", {"*.amazonaws.com", "*", ".amazonaws.com"});
}

TEST_CASE("unit: panos-url '*' is one or more labels, '^' exactly one")
{
  check_cases("panos-url", {{"*.amazonaws.com", k_kinesis, true},
                            {"*.amazonaws.com", k_iot, true},
                            {"*.amazonaws.com", "amazonaws.com", false},
                            {"^.amazonaws.com", k_kinesis, false},
                            {"^.eu-central-1.amazonaws.com", k_kinesis, true},
                            {"*.srv.ygles.com/", "rgt.srv.ygles.com", true},
                            {"rgt.srv.ygles.com/path", "rgt.srv.ygles.com", false},
                            {"www.*.com", "www.c-wss.com", true},
                            {"www.*.com", "www.a.b.com", true}});
  check_rejects("panos-url", {"*amazonaws.com", "a^.example.com"});
}

TEST_CASE("unit: panos-decrypt '*' is exactly one label")
{
  check_cases("panos-decrypt", {{"*.amazonaws.com", k_kinesis, false},
                                {"*.eu-central-1.amazonaws.com", k_kinesis, true},
                                {"*.eu-central-1.amazonaws.com", k_iot, false},
                                {"*.iot.eu-central-1.amazonaws.com", k_iot, true},
                                {"*.srv.ygles.com", "srv.ygles.com", false}});
}

TEST_CASE("unit: azure-app application rules")
{
  check_cases("azure-app", {{"*.amazonaws.com https:443", k_iot, true},
                            {"*.amazonaws.com https:443", "amazonaws.com", false},
                            {"*amazonaws.com https:443", "amazonaws.com", true},
                            {"*amazonaws.com https:443", "evilamazonaws.com", true},
                            {"* https:443", "gdlp01.c-wss.com", true},
                            {"gdlp01.c-wss.com https:443", "gdlp01.c-wss.com", true}});
  check_rejects("azure-app", {"*.amazonaws.com", "a.*.com https:443",
                              "x.example.com mssql:1433", "x.example.com https:65000"});
  const auto rule = dialect_named("azure-app").compile("x.example.com https:443,http:80", k_here);
  CHECK(rule.ports == std::vector<std::uint16_t>{443, 80});
}

TEST_CASE("unit: fortigate FQDN and wildcard FQDN")
{
  check_cases("fortigate", {{"*.amazonaws.com", k_iot, true},
                            {"*.amazonaws.com", "amazonaws.com", false},
                            {"gdlp01.c-wss.com", "gdlp01.c-wss.com", true},
                            {"gdlp0?.c-wss.com", "gdlp01.c-wss.com", true},
                            {"gdlp01.c-wss.com", "x.gdlp01.c-wss.com", false}});
  check_rejects("fortigate", {"bad_host.example.com"});
}

TEST_CASE("unit: exact FQDN objects")
{
  check_cases("exact", {{"rgt.srv.ygles.com", "rgt.srv.ygles.com", true},
                        {"rgt.srv.ygles.com:443", "rgt.srv.ygles.com", true},
                        {"srv.ygles.com", "rgt.srv.ygles.com", false}});
  check_rejects("exact", {"*.srv.ygles.com", "rgt.srv.ygles.com:0"});
}

TEST_CASE("unit: pac shExpMatch and dnsDomainIs")
{
  check_cases("pac", {{R"(shExpMatch(host, "*.amazonaws.com"))", k_iot, true},
                      {R"(shExpMatch(host, "*.amazonaws.com"))", "amazonaws.com", false},
                      {R"(dnsDomainIs(host, ".amazonaws.com"))", k_iot, true},
                      {R"(dnsDomainIs(host, ".amazonaws.com"))", "amazonaws.com", false},
                      {R"(dnsDomainIs(host, "amazonaws.com"))", "badamazonaws.com", true},
                      {R"(host == "gdlp01.c-wss.com")", "gdlp01.c-wss.com", true},
                      {R"(shExpMatch(host, "*.AMAZONAWS.com"))", k_iot, false}});
  check_rejects("pac", {"*.amazonaws.com", R"(shExpMatch(url, "x"))"});
}

TEST_CASE("unit: plain list")
{
  check_cases("plain", {{"*.amazonaws.com", k_iot, true},
                        {"*.amazonaws.com", "amazonaws.com", false},
                        {"*", "gdlp01.c-wss.com", true},
                        {"gdlp01.c-wss.com:443", "gdlp01.c-wss.com", true}});
  check_rejects("plain", {"a.*.com", "*amazonaws.com", "x.com:99999", "x.com:https"});
  const auto rule = dialect_named("plain").compile("*.amazonaws.com:443,8883", k_here);
  CHECK(rule.allows_port(8883));
  CHECK_FALSE(rule.allows_port(80));
}

TEST_CASE("unit: unknown dialect suggests a name")
{
  try {
    dialect_named("panos");
    FAIL("no error");
  } catch (const emready::core::InputError& e) {
    CHECK(std::string(e.what()).find("did you mean") != std::string::npos);
  }
}

TEST_CASE("unit: pac reads host tests anywhere in a PAC file")
{
  const auto& pac = dialect_named("pac");
  const auto list = pac.read(SourceText{
    "p.pac",
    "function FindProxyForURL(url, host) {\n"
    "  if (shExpMatch(host, \"*.srv.ygles.com\") || dnsDomainIs(host,\".c-wss.com\"))\n"
    "    return \"DIRECT\"; // host == \"commented.example.com\"\n"
    "  alert(\"host == 'x'\"); if (host === \"exact.example.com\") return 'DIRECT';\n"
    "  if (host == \"*\") return \"DIRECT\";\n"
    "}\n"});
  REQUIRE(list.rules.size() == 4);
  CHECK(list.rules[0].entry == R"(shExpMatch(host, "*.srv.ygles.com"))");
  CHECK(list.rules[0].location.line == 2);
  CHECK(list.rules[0].location.column == 7);
  CHECK(list.rules[1].entry == R"(dnsDomainIs(host,".c-wss.com"))");
  CHECK(list.rules[1].location.column == 46);
  CHECK(list.rules[2].pattern.matches("exact.example.com"));
  CHECK_FALSE(list.rules[3].pattern.matches("gdlp01.c-wss.com")); // '==' is literal, not a glob
  CHECK(list.ignored_lines == 3);
  try {
    pac.read(SourceText{"p.pac", "if (dnsDomainIs(host, suffix)) return \"DIRECT\";\n"});
    FAIL("no error");
  } catch (const emready::core::InputError& e) {
    REQUIRE(e.location());
    CHECK(e.location()->column == 5);
    CHECK(std::string(e.what()).starts_with("pac: cannot read this host test"));
  }
}

TEST_CASE("unit: squid writer: a bypass list alone names no undefined ACL")
{
  // An `http_access allow CONNECT emready_em` without `acl emready_em …` stops Squid
  // ("ACL not found"): with no rules, only the splice lines are written.
  RuleBlock block;
  block.no_inspection_hosts = {"a01.ugwdevice.net"};
  std::ostringstream out;
  dialect_named("squid").write(block, out);
  CHECK(out.str().find("http_access") == std::string::npos);
  CHECK(out.str().find("ssl_bump splice emready_no_bump") != std::string::npos);
}
