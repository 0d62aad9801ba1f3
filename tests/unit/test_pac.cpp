// PAC files: the standard helpers, answers, and every way a PAC file can fail (issue 9, §3).
#include "emready/core/error.hpp"
#include "emready/pac/pac_answer.hpp"
#include "emready/pac/pac_runner.hpp"

#include <doctest/doctest.h>

using namespace emready;
using namespace std::chrono_literals;

namespace {

pac::PacEnvironment environment()
{
  pac::PacEnvironment env;
  env.resolve = [](const std::string& host) -> std::optional<std::string> {
    if (host == "intranet.corp.example") {
      return "10.20.30.40";
    }
    if (host == "gw.srv.ygles.com") {
      return "3.120.0.1";
    }
    return std::nullopt;
  };
  env.my_ip = "10.1.2.3";
  return env;
}

std::vector<std::string> run(const std::string& source, const std::vector<std::string>& hosts,
                             std::chrono::milliseconds limit = 2000ms)
{
  std::vector<pac::PacQuery> queries;
  for (const auto& host : hosts) {
    queries.push_back({"https://" + host + "/", host});
  }
  return pac::evaluate_pac(source, "site.pac", queries, environment(), limit);
}

std::string error_of(const std::string& source, std::chrono::milliseconds limit = 2000ms)
{
  try {
    run(source, {"gw.srv.ygles.com"}, limit);
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "";
}

} // namespace

TEST_CASE("unit: PAC: every standard helper works in the engine")
{
  const std::string source = R"(
function FindProxyForURL(url, host) {
  var checks = [
    isPlainHostName("printer") && !isPlainHostName("a.b"),
    dnsDomainIs("gw.srv.ygles.com", ".ygles.com") && !dnsDomainIs("ygles.com.evil", ".ygles.com"),
    localHostOrDomainIs("www", "www.corp.example") && localHostOrDomainIs("www.corp.example", "www.corp.example")
      && !localHostOrDomainIs("www2", "www.corp.example"),
    isResolvable("intranet.corp.example") && !isResolvable("nowhere.invalid"),
    isInNet("intranet.corp.example", "10.20.0.0", "255.255.0.0") && !isInNet("gw.srv.ygles.com", "10.0.0.0", "255.0.0.0"),
    isInNet("192.168.1.7", "192.168.1.0", "255.255.255.0"),
    dnsResolve("gw.srv.ygles.com") === "3.120.0.1" && dnsResolve("nowhere.invalid") === null,
    myIpAddress() === "10.1.2.3",
    dnsDomainLevels("a.b.c") === 2 && dnsDomainLevels("www") === 0,
    shExpMatch("gw.srv.ygles.com", "*.ygles.com") && shExpMatch("a1.x", "a?.x") && !shExpMatch("ygles.com", "*.ygles.com")
      && shExpMatch("a+b.com", "a+b.*"),
    weekdayRange("SUN", "SAT") && (weekdayRange("MON", "FRI") || weekdayRange("SAT", "SUN")),
    dateRange(1, 31) && dateRange("JAN", "DEC") && dateRange(1970, 9999) && dateRange("JAN", 1970, "DEC", 9999),
    timeRange(0, 24) && timeRange(0, 0, 0, 23, 59, 59) && timeRange(0, 0, 0, 23, 59, 59, "GMT") && !timeRange(24)
      && !timeRange("noon") && (timeRange(0, 12) || timeRange(12, 24))
  ];
  for (var i = 0; i < checks.length; i++) if (!checks[i]) return "PROXY failed-check-" + i + ":1";
  if (dnsDomainIs(host, ".ygles.com")) return "PROXY proxy.corp.example:3128; DIRECT";
  return "DIRECT";
})";
  const auto answers = run(source, {"gw.srv.ygles.com", "kinesis.eu-central-1.amazonaws.com"});
  REQUIRE(answers.size() == 2);
  CHECK(answers[0] == "PROXY proxy.corp.example:3128; DIRECT");
  CHECK(answers[1] == "DIRECT");
}

TEST_CASE("unit: PAC: answers parse into routes in order, failover included")
{
  std::string error;
  const auto routes = pac::parse_pac_answer("PROXY a.corp:3128; proxy b.corp:8080;SOCKS5 s:1080; HTTPS h:443; DIRECT;", error);
  REQUIRE(routes);
  REQUIRE(routes->size() == 5);
  CHECK((*routes)[0].url() == "http://a.corp:3128");
  CHECK((*routes)[1].text() == "PROXY b.corp:8080");
  CHECK((*routes)[2].url() == "socks5h://s:1080");
  CHECK((*routes)[3].url() == "https://h:443");
  CHECK((*routes)[4].kind == pac::PacRoute::Kind::direct);
  CHECK_FALSE(pac::parse_pac_answer("PROXYY a:1", error));
  CHECK(error.find("'PROXYY a:1' is not a PAC route") != std::string::npos);
  CHECK_FALSE(pac::parse_pac_answer("PROXY a", error));
  CHECK_FALSE(pac::parse_pac_answer("PROXY a:99999", error));
  CHECK_FALSE(pac::parse_pac_answer(" ; ", error));
}

TEST_CASE("unit: PAC: a file that does not compile, throws, loops, bloats or answers garbage is a located error")
{
  CHECK(error_of("function FindProxyForURL(url, host) {\n  return 'DIRECT'\n  }}\n").find("site.pac:") == 0);
  const auto thrown = error_of("function FindProxyForURL(url, host) {\n\n  return undefinedThing + 1;\n}\n");
  CHECK(thrown.find("site.pac:3:") == 0);
  CHECK(thrown.find("ReferenceError") != std::string::npos);
  CHECK(thrown.find("FindProxyForURL(\"https://gw.srv.ygles.com/\", \"gw.srv.ygles.com\") threw") != std::string::npos);
  const auto loops = error_of("function FindProxyForURL(url, host) { while (true) {} }", 300ms);
  CHECK(loops.find("did not return within 0.3 s") != std::string::npos);
  const auto top = error_of("while (true) {}\nfunction FindProxyForURL(url, host) { return 'DIRECT'; }", 300ms);
  CHECK(top.find("its top level did not finish within 0.3 s") != std::string::npos);
  const auto bloat = error_of("function FindProxyForURL(url, host) { var s = 'x', all = []; "
                              "while (true) { s = s + s; all.push(s); } }",
                              5000ms);
  CAPTURE(bloat);
  CHECK(bloat.find("within") == std::string::npos); // stopped by the memory budget, not the clock
  CHECK((bloat.find("alloc") != std::string::npos || bloat.find("gave up") != std::string::npos));
  CHECK(error_of("function FindProxyForURL(url, host) { return 42; }").find("returned 42, not a string") !=
        std::string::npos);
  CHECK(error_of("var x = 1;").find("defines no function FindProxyForURL") != std::string::npos);
}
