// The printers' address family decides readiness, not the workstation's (issue 9, section 5).
#include "emready/check/analyse.hpp"
#include "emready/plan/target.hpp"
#include "emready/profile/catalog.hpp"
#include "emready/report/method.hpp"

#include <doctest/doctest.h>

using namespace emready;
using check::DeviceFamily;
using check::Verdict;

namespace {

check::ProbeResult probe(const char* address, int family, Verdict verdict)
{
  check::ProbeResult out;
  out.observation.address = address;
  out.observation.family = family;
  out.observation.port = 443;
  out.finding.verdict = verdict;
  out.finding.evidence = {std::string(verdict == Verdict::ok ? "works" : "fails")};
  return out;
}

bool mentions(const check::Finding& finding, const std::string& text)
{
  for (const auto& line : finding.evidence) {
    if (line.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

const std::vector<check::ProbeResult> v4_dropped_v6_works{probe("3.1.1.1", 4, Verdict::tcp_timeout),
                                                          probe("2a05::1", 6, Verdict::ok)};
const std::vector<check::ProbeResult> v4_works_v6_dropped{probe("3.1.1.1", 4, Verdict::ok),
                                                          probe("2a05::1", 6, Verdict::tcp_timeout)};

} // namespace

TEST_CASE("unit: device family: the names parse back and only the devices' family serves them")
{
  for (const auto family : {DeviceFamily::ipv4, DeviceFamily::ipv6, DeviceFamily::dual}) {
    CHECK(check::parse_device_family(check::to_string(family)) == family);
  }
  CHECK_FALSE(check::parse_device_family("v4").has_value());
  CHECK(check::serves_devices(DeviceFamily::ipv4, 4));
  CHECK_FALSE(check::serves_devices(DeviceFamily::ipv4, 6));
  CHECK(check::serves_devices(DeviceFamily::ipv4, 0)); // through a proxy: its choice
  CHECK_FALSE(check::serves_devices(DeviceFamily::ipv6, 4));
  CHECK(check::serves_devices(DeviceFamily::dual, 6));
}

TEST_CASE("unit: device family ipv4: IPv4 dropped but IPv6 working is a failure, not ok")
{
  const auto finding = check::judge_port(v4_dropped_v6_works, DeviceFamily::ipv4);
  CHECK(finding.verdict == Verdict::tcp_timeout);
  CHECK(mentions(finding, "IPv6 works, but the devices use IPv4"));
  const auto fine = check::judge_port(v4_works_v6_dropped, DeviceFamily::ipv4);
  CHECK(fine.verdict == Verdict::ok);
  CHECK(mentions(fine, "IPv6 fails (tcp-timeout); information only: the devices use IPv4"));
}

TEST_CASE("unit: device family ipv6 and dual")
{
  CHECK(check::judge_port(v4_dropped_v6_works, DeviceFamily::ipv6).verdict == Verdict::ok);
  const auto v6_fails = check::judge_port(v4_works_v6_dropped, DeviceFamily::ipv6);
  CHECK(v6_fails.verdict == Verdict::tcp_timeout);
  CHECK(mentions(v6_fails, "IPv4 works, but the devices use IPv6"));
  const auto either = check::judge_port(v4_dropped_v6_works, DeviceFamily::dual);
  CHECK(either.verdict == Verdict::ok);
  CHECK(mentions(either, "IPv4 fails (tcp-timeout); devices using it will not connect"));
  CHECK(check::judge_port(v4_works_v6_dropped, DeviceFamily::dual).verdict == Verdict::ok);
  // Only IPv6 addresses were probed, the devices use IPv4: nothing proves they can connect.
  CHECK(check::judge_port({probe("2a05::1", 6, Verdict::ok)}, DeviceFamily::ipv4).verdict ==
        Verdict::dns_no_address);
}

TEST_CASE("unit: device family: a host with only an AAAA record fails DNS for IPv4 devices and says why")
{
  const auto catalog = profile::Catalog::builtin();
  const auto profiles = catalog.select({"erds"});
  const auto targets = plan::plan_targets(profiles);
  REQUIRE_FALSE(targets.empty());
  check::HostObservation seen;
  seen.host = targets.front().host;
  seen.dns_finished = true;
  dns::Answer a;
  a.family = 4;
  a.status = dns::Status::nodata;
  dns::Answer aaaa;
  aaaa.family = 6;
  aaaa.status = dns::Status::ok;
  aaaa.addresses = {"2a05:d018::5"};
  seen.answers = {a, aaaa};
  for (const auto port : targets.front().ports) {
    auto observation = probe("2a05:d018::5", 6, Verdict::ok).observation;
    observation.port = port;
    observation.tcp_connected = true;
    seen.probes.push_back(observation);
  }
  const auto for_ipv4 = check::judge_host(targets.front(), seen, {{}, DeviceFamily::ipv4});
  CHECK(for_ipv4.dns.verdict == Verdict::dns_no_address);
  CHECK(mentions(for_ipv4.dns, "resolves to 2a05:d018::5 over IPv6 only, but the devices use IPv4"));
  CHECK(for_ipv4.finding.verdict != Verdict::ok);
  const auto for_dual = check::judge_host(targets.front(), seen, {{}, DeviceFamily::dual});
  CHECK(for_dual.dns.verdict == Verdict::ok);
}

TEST_CASE("unit: device family: every report's method notes name the family and a workstation proxy")
{
  check::CheckResult result;
  result.devices = DeviceFamily::ipv4;
  auto notes = report::method_notes(result);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("judged over IPv4, the family the printers use (--device-family ipv4); IPv6 "
                      "results are information only") != std::string::npos);
  result.proxy = "http://proxy:3128 (HTTPS_PROXY)";
  result.proxy_from_environment = true;
  notes = report::method_notes(result);
  REQUIRE(notes.size() == 2);
  CHECK(notes[1].find("this workstation's proxy http://proxy:3128 (HTTPS_PROXY): the printers reach "
                      "eM this way only if they are configured with the same proxy") != std::string::npos);
  result.proxy_from_environment = false; // given with --proxy: the printers' configuration
  CHECK(report::method_notes(result).size() == 1);
}
