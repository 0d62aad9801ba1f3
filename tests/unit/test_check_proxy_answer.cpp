#include "emready/check/analyse.hpp"
#include "emready/check/proxy_answer.hpp"
#include "emready/check/proxy_signatures.hpp"
#include "emready/plan/target.hpp"
#include "emready/profile/catalog.hpp"

#include <doctest/doctest.h>

using namespace emready;
using check::Verdict;

namespace {

check::ProxyObservation answer(long code, std::string status, std::string squid = "")
{
  check::ProxyObservation proxy;
  proxy.used = true;
  proxy.url = "http://proxy.lan:3128";
  proxy.connect_code = code;
  proxy.status_line = std::move(status);
  proxy.squid_error = std::move(squid);
  proxy.via = "1.1 proxy.lan (squid/5.7)";
  return proxy;
}

// The check of every host of `profiles` through a proxy that gave `proxy` to each CONNECT.
check::CheckResult through_proxy(const std::vector<const profile::Profile*>& profiles,
                                 const std::vector<plan::Target>& targets,
                                 const check::ProxyObservation& proxy)
{
  std::vector<check::HostResult> hosts;
  for (const auto& target : targets) {
    check::HostObservation seen;
    seen.host = target.host;
    seen.proxied = true;
    seen.dns_finished = true;
    for (const auto port : target.ports) {
      check::Observation probe;
      probe.port = port;
      probe.tcp_connected = true;
      probe.proxy = proxy;
      seen.probes.push_back(probe);
    }
    hosts.push_back(check::judge_host(target, seen, {}));
  }
  return check::analyse(std::move(hosts), profiles, rules::dialect_named("squid"));
}

} // namespace

TEST_CASE("unit: proxy answers: Squid's upstream errors name the far side's failure, never a denial")
{
  const struct
  {
    const char* squid;
    Verdict verdict;
  } cases[] = {
    {"ERR_CONNECT_FAIL 111", Verdict::tcp_refused},   {"ERR_CONNECT_FAIL 110", Verdict::tcp_timeout},
    {"ERR_CONNECT_FAIL 101", Verdict::tcp_unreachable}, {"ERR_CONNECT_FAIL 113", Verdict::tcp_unreachable},
    {"ERR_DNS_FAIL 0", Verdict::dns_nxdomain},        {"ERR_READ_TIMEOUT 0", Verdict::tcp_timeout},
    {"ERR_CANNOT_FORWARD 0", Verdict::proxy_upstream_failed},
    {"ERR_CONNECT_FAIL 99", Verdict::proxy_upstream_failed},
  };
  for (const auto& c : cases) {
    CAPTURE(c.squid);
    const auto finding = check::classify_proxy_answer(answer(503, "HTTP/1.1 503 Service Unavailable", c.squid));
    CHECK(finding.verdict == c.verdict);
    CHECK(finding.beyond_proxy);
    CHECK(finding.evidence.front().rfind("reported by the proxy: ", 0) == 0);
    CHECK(std::find(finding.evidence.begin(), finding.evidence.end(),
                    std::string("X-Squid-Error: ") + c.squid) != finding.evidence.end());
  }
  const auto bare = check::classify_proxy_answer(answer(502, "HTTP/1.1 502 Bad Gateway"));
  CHECK(bare.verdict == Verdict::proxy_upstream_failed);
  CHECK(bare.beyond_proxy);
}

TEST_CASE("unit: proxy answers: 403 is policy, 407 names the schemes or the rejected credentials")
{
  const auto denied = check::classify_proxy_answer(answer(403, "HTTP/1.1 403 Forbidden", "ERR_ACCESS_DENIED 0"));
  CHECK(denied.verdict == Verdict::proxy_denied);
  CHECK_FALSE(denied.beyond_proxy);
  auto wants = answer(407, "HTTP/1.1 407 Proxy Authentication Required");
  wants.authenticate = {"Negotiate", "NTLM", "Basic"};
  const auto asked = check::classify_proxy_answer(wants);
  CHECK(asked.verdict == Verdict::proxy_auth_required);
  CHECK(asked.evidence.front().find("it offers Negotiate, NTLM, Basic") != std::string::npos);
  wants.credentials_sent = true;
  CHECK(check::classify_proxy_answer(wants).evidence.front().find("rejected the credentials") !=
        std::string::npos);
}

TEST_CASE("unit: an endpoint the proxy allowed never gets an allow rule, whatever failed beyond it")
{
  const auto catalog = profile::Catalog::builtin();
  const auto profiles = catalog.select({"erds"});
  const auto targets = plan::plan_targets(profiles);
  for (const auto* squid : {"ERR_CONNECT_FAIL 111", "ERR_CONNECT_FAIL 110", "ERR_CONNECT_FAIL 101",
                            "ERR_DNS_FAIL 0", "ERR_CANNOT_FORWARD 0", "ERR_READ_TIMEOUT 0", ""}) {
    CAPTURE(squid);
    const auto result = through_proxy(profiles, targets, answer(503, "HTTP/1.1 503 Service Unavailable", squid));
    CHECK_FALSE(result.ready());
    CHECK(result.missing_rules.empty());
  }
  // A denial still gets its rule.
  CHECK_FALSE(through_proxy(profiles, targets, answer(403, "HTTP/1.1 403 Forbidden", "ERR_ACCESS_DENIED 0"))
                .missing_rules.empty());
}

TEST_CASE("unit: proxy answers: other products' documented answers are read by what they mean")
{
  const struct
  {
    long code;
    const char* status;
    const char* server;
    Verdict verdict;
    bool beyond;
    bool client;
  } cases[] = {
    {403, "HTTP/1.1 403 Filtered", "tinyproxy/1.11.1", Verdict::proxy_denied, false, false},
    {403, "HTTP/1.1 403 Access violation", "tinyproxy/1.11.1", Verdict::proxy_denied, false, false},
    {403, "HTTP/1.0 403 Access denied", "tinyproxy/1.11.1", Verdict::proxy_denied, false, true},
    {500, "HTTP/1.1 500 Unable to connect", "tinyproxy/1.11.1", Verdict::proxy_upstream_failed, true, false},
    {500, "HTTP/1.1 500 Unable to connect", "tinyproxy", Verdict::proxy_upstream_failed, true, false},
    {404, "HTTP/1.1 404 No such domain", "", Verdict::dns_nxdomain, true, false},
    {503, "HTTP/1.1 503 Connect failed", "", Verdict::proxy_upstream_failed, true, false},
    {403, "HTTP/1.1 403 Request blocked by Privoxy", "", Verdict::proxy_denied, false, false},
    {502, "HTTP/1.1 502 Proxy Error", "Apache/2.4.57 (Debian)", Verdict::dns_nxdomain, true, false},
    {403, "HTTP/1.1 403 Proxy Error", "Apache/2.4.57 (Debian)", Verdict::proxy_denied, false, false},
    // The reason alone is not enough where the product's Server header is part of it.
    {403, "HTTP/1.1 403 Access denied", "some-proxy", Verdict::proxy_denied, false, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.status);
    auto proxy = answer(c.code, c.status);
    proxy.server = c.server;
    proxy.via.clear();
    const auto finding = check::classify_proxy_answer(proxy);
    CHECK(finding.verdict == c.verdict);
    CHECK(finding.beyond_proxy == c.beyond);
    CHECK(finding.client_refused == c.client);
  }
  CHECK(check::reason_phrase("HTTP/1.1 503 Connect failed") == "Connect failed");
  CHECK(check::reason_phrase("HTTP/1.1 503") == "");
}

TEST_CASE("unit: proxy answers: RFC 9209 Proxy-Status names the far side's failure for any product")
{
  const struct
  {
    const char* header;
    Verdict verdict;
  } cases[] = {
    {"proxy.example; error=connection_refused", Verdict::tcp_refused},
    {"proxy.example; error=connection_timeout", Verdict::tcp_timeout},
    {"proxy.example; error=dns_error; rcode=NXDOMAIN", Verdict::dns_nxdomain},
    {"proxy.example; error=destination_ip_unroutable", Verdict::tcp_unreachable},
    {"proxy.example; error=http_request_denied", Verdict::proxy_denied},
  };
  for (const auto& c : cases) {
    CAPTURE(c.header);
    auto proxy = answer(502, "HTTP/1.1 502 Bad Gateway");
    proxy.proxy_status = c.header;
    CHECK(check::classify_proxy_answer(proxy).verdict == c.verdict);
  }
}

TEST_CASE("unit: a client the proxy refuses gets no host rule; SOCKS replies are read like HTTP answers")
{
  const auto catalog = profile::Catalog::builtin();
  const auto profiles = catalog.select({"erds"});
  const auto targets = plan::plan_targets(profiles);
  auto refused_client = answer(403, "HTTP/1.0 403 Access denied");
  refused_client.server = "tinyproxy/1.11.1";
  const auto result = through_proxy(profiles, targets, refused_client);
  CHECK_FALSE(result.ready());
  CHECK(result.missing_rules.empty());

  auto socks = answer(0, "");
  socks.socks = true;
  const struct
  {
    check::SocksFailure failure;
    Verdict verdict;
    bool beyond;
  } cases[] = {
    {check::SocksFailure::refused, Verdict::tcp_refused, true},
    {check::SocksFailure::network_unreachable, Verdict::tcp_unreachable, true},
    {check::SocksFailure::ttl_expired, Verdict::tcp_timeout, true},
    {check::SocksFailure::not_allowed, Verdict::proxy_denied, false},
    {check::SocksFailure::server_failure, Verdict::proxy_upstream_failed, true},
    {check::SocksFailure::resolve_failed, Verdict::dns_nxdomain, false},
  };
  for (const auto& c : cases) {
    socks.socks_failure = c.failure;
    check::Observation seen;
    seen.tcp_connected = true;
    seen.proxy = socks;
    const auto finding = check::classify_probe(seen);
    CHECK(finding.verdict == c.verdict);
    CHECK(finding.beyond_proxy == c.beyond);
  }
}
