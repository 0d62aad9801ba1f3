// Where each fix goes (issue 10, section 6): rules per device in its terms, then what no
// allow rule fixes, and never a rule for a host that works on a port it may use.
#include "emready/check/remedy.hpp"

#include <doctest/doctest.h>

using namespace emready;
using check::Verdict;

namespace {

struct Site
{
  std::vector<plan::Target> targets;
  check::CheckResult result;

  // Adds host `name` needing `clause` (one of its ports), each port with its verdict.
  check::HostResult& add(const std::string& name, std::vector<std::pair<std::uint16_t, Verdict>> ports)
  {
    plan::Target target;
    target.host = name;
    plan::PortClause clause;
    for (const auto& [port, verdict] : ports) {
      target.ports.push_back(port);
      clause.push_back(port);
    }
    target.needs = {{"cca", {clause}, true, ""}};
    targets.push_back(target);
    check::HostResult host;
    for (const auto& [port, verdict] : ports) {
      check::PortResult result_port;
      result_port.port = port;
      result_port.finding = {verdict, {"because"}, ""};
      host.ports.push_back(result_port);
    }
    result.hosts.push_back(host);
    return result.hosts.back();
  }

  std::vector<check::Remedy> remedies(const std::string& dialect = "plain")
  {
    for (std::size_t i = 0; i < targets.size(); ++i) {
      result.hosts[i].target = &targets[i];
    }
    return check::remedies(result, rules::dialect_named(dialect), {});
  }
};

const check::Remedy* place(const std::vector<check::Remedy>& all, const std::string& name)
{
  for (const auto& remedy : all) {
    if (remedy.place == name) {
      return &remedy;
    }
  }
  return nullptr;
}

std::vector<std::string> entries(const check::Remedy& remedy)
{
  std::vector<std::string> out;
  for (const auto& rule : remedy.rules) {
    out.push_back(rule.entry);
  }
  return out;
}

} // namespace

TEST_CASE("unit: remedy: a firewall rule for drops, a DNS-filter entry for a sinkhole, a proxy entry for a denial")
{
  Site site;
  site.targets.reserve(8);
  site.add("dropped.example.com", {{443, Verdict::tcp_timeout}});
  site.add("sinkholed.example.com", {{443, Verdict::dns_sinkhole}});
  site.add("denied.example.com", {{443, Verdict::proxy_denied}});
  site.add("fine.example.com", {{443, Verdict::ok}});
  const auto all = site.remedies();
  REQUIRE(all.size() == 3);
  CHECK(all[0].place == "firewall");
  CHECK(all[0].dialect == "plain");
  CHECK(entries(all[0]) == std::vector<std::string>{"dropped.example.com:443"});
  CHECK(all[0].endpoints == std::vector<std::string>{"dropped.example.com:443 (tcp-timeout)"});
  CHECK(all[1].place == "dns-filter");
  CHECK(all[1].dialect == "umbrella"); // DNS filters have no ports: never a plain host:port list
  CHECK(entries(all[1]) == std::vector<std::string>{"sinkholed.example.com"});
  CHECK(all[2].place == "proxy");
  CHECK(entries(all[2]) == std::vector<std::string>{"denied.example.com:443"});
}

TEST_CASE("unit: remedy: each device in its own terms, whatever --dialect names")
{
  Site site;
  site.targets.reserve(4);
  site.add("dropped.example.com", {{443, Verdict::tcp_refused}});
  site.add("sinkholed.example.com", {{443, Verdict::dns_nxdomain}});
  site.add("denied.example.com", {{443, Verdict::proxy_denied}});
  const auto squid = site.remedies("squid");
  CHECK(place(squid, "firewall")->dialect == "plain"); // a Squid ACL is no firewall rule
  CHECK(place(squid, "proxy")->dialect == "squid");
  CHECK(entries(*place(squid, "proxy")) == std::vector<std::string>{"denied.example.com"});
  const auto umbrella = site.remedies("umbrella");
  CHECK(place(umbrella, "dns-filter")->dialect == "umbrella");
  CHECK(place(umbrella, "firewall")->dialect == "plain");
  CHECK(place(umbrella, "proxy")->dialect == "squid");
  const auto fortigate = site.remedies("fortigate");
  CHECK(place(fortigate, "firewall")->dialect == "fortigate");
  CHECK(place(fortigate, "dns-filter")->dialect == "umbrella");
}

TEST_CASE("unit: remedy: nothing for a host that works on another port it may use")
{
  Site site;
  site.targets.reserve(2);
  site.add("either.example.com", {{443, Verdict::ok}, {8883, Verdict::tcp_refused}});
  CHECK(site.remedies().empty());
}

TEST_CASE("unit: remedy: certificate faults, inspection, the proxy's login and client list allow nothing")
{
  Site site;
  site.targets.reserve(8);
  site.add("expired.example.com", {{443, Verdict::tls_expired}});
  site.add("inspected.example.com", {{443, Verdict::tls_untrusted}});
  site.add("login.example.com", {{443, Verdict::proxy_auth_required}});
  site.add("refused.example.com", {{443, Verdict::proxy_denied}}).ports[0].finding.client_refused = true;
  site.add("far.example.com", {{443, Verdict::tcp_timeout}}).ports[0].finding.beyond_proxy = true;
  site.add("slow.example.com", {{443, Verdict::dns_timeout}});
  site.result.interception_seen = true;
  site.result.bypass_hosts = {"inspected.example.com", "mtls.example.com"};
  const auto all = site.remedies();
  for (const auto& remedy : all) {
    CAPTURE(remedy.place);
    CHECK_FALSE(remedy.allows());
    CHECK(remedy.rules.empty());
    CHECK(remedy.dialect.empty());
    CHECK_FALSE(remedy.who.empty());
  }
  REQUIRE(place(all, "server"));
  CHECK(place(all, "server")->endpoints == std::vector<std::string>{"expired.example.com:443 (tls-expired)"});
  REQUIRE(place(all, "tls-inspection"));
  CHECK(place(all, "tls-inspection")->bypass_hosts == site.result.bypass_hosts);
  CHECK(place(all, "proxy-login"));
  CHECK(place(all, "proxy-clients"));
  CHECK(place(all, "beyond-proxy"));
  CHECK(place(all, "resolver"));
  CHECK_FALSE(place(all, "proxy")); // a refused client gets no host rule
  CHECK_FALSE(place(all, "firewall")); // nor a failure the proxy reports beyond itself
}

TEST_CASE("unit: remedy: the bypass list in the terms of a proxy or exclusion-list --dialect")
{
  Site site;
  site.targets.reserve(2);
  site.add("inspected.example.com", {{443, Verdict::tls_untrusted}});
  site.result.interception_seen = true;
  site.result.bypass_hosts = {"inspected.example.com"};
  CHECK(place(site.remedies("squid"), "tls-inspection")->dialect == "squid");
  CHECK(place(site.remedies("panos-decrypt"), "tls-inspection")->dialect == "panos-decrypt");
  CHECK(place(site.remedies("plain"), "tls-inspection")->dialect.empty());
  CHECK(place(site.remedies("fortigate"), "tls-inspection")->dialect.empty());
}
