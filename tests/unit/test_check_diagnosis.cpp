// A diagnosis first (issue 10, section 5): the few causes that explain many failures.
#include "emready/check/diagnosis.hpp"

#include <doctest/doctest.h>

using namespace emready;
using check::Verdict;

namespace {

struct Site
{
  std::vector<plan::Target> targets;
  check::CheckResult result;

  // Adds host `name` whose only port fails with `verdict` (and `issuer` for tls-untrusted).
  void add(const std::string& name, Verdict verdict, std::uint16_t port = 443, const std::string& issuer = "",
           bool proxied = false)
  {
    plan::Target target;
    target.host = name;
    target.ports = {port};
    target.needs = {{"cca", {{port}}, true, ""}};
    targets.push_back(target);
    check::HostResult host;
    host.proxied = proxied;
    host.dns = {verdict == Verdict::dns_timeout || verdict == Verdict::dns_sinkhole ? verdict : Verdict::ok, {}, ""};
    check::PortResult result_port;
    result_port.port = port;
    result_port.finding = {verdict, {"because"}, ""};
    check::ProbeResult probe;
    if (!issuer.empty()) {
      probe.observation.tls.chain = {{"CN=" + name, issuer, {}, "", ""}};
    }
    result_port.probes.push_back(probe);
    host.ports.push_back(result_port);
    host.finding = result_port.finding;
    result.hosts.push_back(host);
  }

  std::vector<check::Cause> diagnose(bool environment_proxy = false)
  {
    for (std::size_t i = 0; i < targets.size(); ++i) {
      result.hosts[i].target = &targets[i];
    }
    unexplained.clear();
    return check::diagnose(result, {{"10.0.0.53"}, environment_proxy}, unexplained);
  }

  std::vector<std::string> unexplained;
};

} // namespace

TEST_CASE("unit: diagnosis: no resolver, a DNS filter, interception, a proxy's domain denial, and what is left")
{
  Site site;
  site.targets.reserve(16);
  site.add("a.sinkholed.example", Verdict::dns_sinkhole);
  site.add("b.sinkholed.example", Verdict::dns_sinkhole);
  site.add("x.srv.ygles.com", Verdict::tls_untrusted, 443, "CN=Corp Inspection CA");
  site.add("y.srv.ygles.com", Verdict::tls_untrusted, 443, "CN=Corp Inspection CA");
  site.add("z.srv.ygles.com", Verdict::tls_untrusted, 443, "CN=Other CA");
  site.add("a.denied.example", Verdict::proxy_denied, 443, "", true);
  site.add("b.denied.example", Verdict::proxy_denied, 443, "", true);
  site.add("alone.example", Verdict::tls_expired);
  const auto causes = site.diagnose();
  REQUIRE(causes.size() == 3);
  CHECK(causes[0].kind == "dns-filter");
  CHECK(causes[0].endpoints == std::vector<std::string>{"a.sinkholed.example:443", "b.sinkholed.example:443"});
  const auto interception = std::find_if(causes.begin(), causes.end(), [](const auto& c) { return c.kind == "interception"; });
  REQUIRE(interception != causes.end());
  CHECK(interception->summary.find("\"CN=Corp Inspection CA\"") != std::string::npos);
  CHECK(interception->endpoints.size() == 2);
  const auto denial = std::find_if(causes.begin(), causes.end(), [](const auto& c) { return c.kind == "proxy-denies-domain"; });
  REQUIRE(denial != causes.end());
  CHECK(denial->summary == "The proxy denies denied.example (2 endpoints)");
  CHECK(site.unexplained == std::vector<std::string>{"z.srv.ygles.com:443: tls-untrusted", "alone.example:443: tls-expired"});
}

TEST_CASE("unit: diagnosis: every lookup timed out names the servers; one port dropped everywhere is an egress block")
{
  Site dns;
  dns.targets.reserve(4);
  dns.add("a.example", Verdict::dns_timeout);
  dns.add("b.example", Verdict::dns_timeout);
  auto causes = dns.diagnose();
  REQUIRE(causes.size() == 1);
  CHECK(causes[0].kind == "no-resolver");
  CHECK(causes[0].summary.find("10.0.0.53") != std::string::npos);

  Site drop;
  drop.targets.reserve(4);
  drop.add("a.example", Verdict::tcp_timeout, 8883);
  drop.add("b.example", Verdict::tcp_timeout, 8883);
  causes = drop.diagnose(true);
  REQUIRE(causes.size() == 1);
  CHECK(causes[0].kind == "egress-drop");
  CHECK(causes[0].summary.find("Port 8883 is silently dropped to every host") != std::string::npos);
  CHECK(causes[0].action.find("proxy is configured in this workstation's environment") != std::string::npos);

  // One host answering on the port means the port is not blocked at the perimeter.
  drop.add("c.example", Verdict::ok, 8883);
  CHECK(drop.diagnose().empty());
  // A single failure is no pattern.
  Site one;
  one.targets.reserve(2);
  one.add("a.example", Verdict::dns_sinkhole);
  CHECK(one.diagnose().empty());
  CHECK(one.unexplained.size() == 1);
}
