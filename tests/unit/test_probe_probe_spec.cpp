#include "emready/probe/probe_spec.hpp"
#include "emready/probe/trust_store.hpp"

#include <doctest/doctest.h>
#include <openssl/x509_vfy.h>

using namespace emready;
using check::Timeout;
using probe::Clock;

namespace {

dns::Answer answer(int family, std::vector<std::string> addresses)
{
  dns::Answer a;
  a.family = family;
  a.status = dns::Status::ok;
  a.addresses = std::move(addresses);
  return a;
}

} // namespace

TEST_CASE("unit: probes_for: every non-sinkhole address x port, IPv4 first, ALPN by the device rule")
{
  const check::HostRequest mqtt{"a1.iot.eu-central-1.amazonaws.com", {443, 8883}, profile::Protocol::mqtt_tls};
  core::PortMap map;
  map.set(443, 10443);
  const auto specs = probe::probes_for(
    mqtt, 7, {answer(6, {"2a05:d014::1"}), answer(4, {"52.28.10.5", "0.0.0.0"})}, nullptr, map, {});
  REQUIRE(specs.size() == 4); // 0.0.0.0 is a sinkhole: never dialled
  CHECK(specs[0].address == "52.28.10.5");
  CHECK(specs[0].family == 4);
  CHECK(specs[0].port == 443);
  CHECK(specs[0].connect_port == 10443);
  CHECK(specs[0].alpn == "x-amzn-mqtt-ca");
  CHECK(specs[1].port == 8883);
  CHECK(specs[1].connect_port == 8883);
  CHECK(specs[1].alpn.empty());
  CHECK(specs[2].family == 6);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    CHECK(specs[i].tag == 7);
    CHECK(specs[i].order == i);
  }
  const check::HostRequest https{"gw.srv.ygles.com", {443}, profile::Protocol::https};
  CHECK(probe::probes_for(https, 0, {answer(4, {"52.28.10.9"})}, nullptr, {}, {})[0].alpn == "http/1.1");
  // A lab's loopback answers count once their range is accepted.
  CHECK(probe::probes_for(https, 0, {answer(4, {"127.1.0.1"})}, nullptr, {}, {}).empty());
  CHECK(probe::probes_for(https, 0, {answer(4, {"127.1.0.1"})}, nullptr, {},
                          dns::parse_network("127.1.0.0/16")).size() == 1);
}

TEST_CASE("unit: probes_for: through a proxy, one tunnel per port and no addresses")
{
  probe::ProxySettings proxy;
  proxy.url = proxy.display = "http://proxy:3128";
  proxy.source = "--proxy";
  const check::HostRequest request{"gw.srv.ygles.com", {443, 8443}, profile::Protocol::https};
  const auto specs = probe::probes_for(request, 1, {}, &proxy, {}, {});
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].proxy == &proxy);
  CHECK(specs[0].address.empty());
  CHECK(specs[1].port == 8443);
}

TEST_CASE("unit: overdue_phase: each phase has its own limit")
{
  const probe::Timeouts limits{std::chrono::milliseconds(1000), std::chrono::milliseconds(2000),
                               std::chrono::milliseconds(3000)};
  const auto t0 = Clock::now();
  const auto at = [&](int ms) { return t0 + std::chrono::milliseconds(ms); };
  probe::PhaseTimes times;
  times.start = t0;
  CHECK(probe::overdue_phase(times, limits, at(1999)) == Timeout::none);
  CHECK(probe::overdue_phase(times, limits, at(2001)) == Timeout::tcp);
  times.tcp_up = at(1500);
  CHECK(probe::overdue_phase(times, limits, at(4000)) == Timeout::none); // 2.5 s into TLS's 3 s
  CHECK(probe::overdue_phase(times, limits, at(4501)) == Timeout::tls);
  times.proxied = true; // the proxy must answer CONNECT within the TCP limit
  CHECK(probe::overdue_phase(times, limits, at(3400)) == Timeout::none);
  CHECK(probe::overdue_phase(times, limits, at(3501)) == Timeout::connect);
  times.tunnel_up = at(3000);
  CHECK(probe::overdue_phase(times, limits, at(5900)) == Timeout::none);
  times.tls_start = at(3100);
  CHECK(probe::overdue_phase(times, limits, at(6101)) == Timeout::tls);
  times.tls_done = true;
  CHECK(probe::overdue_phase(times, limits, at(60000)) == Timeout::none);
}

TEST_CASE("unit: verifier codes map to the chain problems verdicts use")
{
  using check::ChainProblem;
  CHECK(probe::chain_problem(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) == ChainProblem::issuer_missing);
  CHECK(probe::chain_problem(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) == ChainProblem::untrusted);
  CHECK(probe::chain_problem(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT) == ChainProblem::untrusted);
  CHECK(probe::chain_problem(X509_V_ERR_CERT_HAS_EXPIRED) == ChainProblem::expired);
  CHECK(probe::chain_problem(X509_V_ERR_CERT_NOT_YET_VALID) == ChainProblem::not_yet_valid);
  CHECK(probe::chain_problem(X509_V_ERR_HOSTNAME_MISMATCH) == ChainProblem::name_mismatch);
  CHECK(probe::chain_problem(X509_V_ERR_INVALID_PURPOSE) == ChainProblem::other);
}
