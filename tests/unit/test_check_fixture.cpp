#include "test_check_fixture.hpp"

#include "emready/check/analyse.hpp"
#include "emready/probe/trust_store.hpp"
#include "emready/rules/dialect.hpp"

#include <cerrno>
#include <memory>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

namespace emready::test {

namespace {

profile::Endpoint endpoint(const char* host, std::vector<std::uint16_t> ports)
{
  profile::Endpoint out;
  out.host = host;
  out.ports = std::move(ports);
  return out;
}

std::vector<profile::Profile> make_profiles()
{
  profile::Profile cca;
  cca.agent = "cca";
  cca.title = "Cloud Connection Agent (CCA)";
  cca.region = "eu-central-1";
  cca.recommended_rules = {"*.srv.ygles.com", "*.amazonaws.com"};
  cca.endpoints.push_back(endpoint("rgt.srv.ygles.com", {443}));
  cca.endpoints.push_back(endpoint("kinesis.eu-central-1.amazonaws.com", {443}));
  cca.endpoints.push_back(endpoint("cognito-identity.eu-central-1.amazonaws.com", {443}));
  auto iot = endpoint("a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com", {443, 8883});
  iot.any_port = true;
  iot.protocol = profile::Protocol::mqtt_tls;
  iot.mutual_tls = true;
  cca.endpoints.push_back(iot);
  cca.origin = "unit test";

  profile::Profile erds;
  erds.agent = "erds";
  erds.title = "Embedded RDS (e-RDS)";
  erds.recommended_rules = {"*.srv.ygles.com", "*.ugwdevice.net"};
  erds.endpoints.push_back(endpoint("rgt.srv.ygles.com", {443}));
  erds.endpoints.push_back(endpoint("a01.ugwdevice.net", {443}));
  erds.endpoints.push_back(endpoint("gdlp01.c-wss.com", {443}));
  auto counters = endpoint("cnvextdata-an1s.srv.ygles.com", {443});
  counters.required = false;
  counters.condition = "only when counter uploads are enabled";
  erds.endpoints.push_back(counters);
  erds.origin = "unit test";
  return {cca, erds};
}

dns::Answer answer(int family, dns::Status status, std::vector<std::string> addresses, double ms)
{
  dns::Answer out;
  out.family = family;
  out.status = status;
  out.addresses = std::move(addresses);
  out.ms = ms;
  if (status == dns::Status::nxdomain) {
    out.detail = "Domain name not found";
  }
  return out;
}

check::Observation attempt(const char* address, int family, std::uint16_t port)
{
  check::Observation seen;
  seen.address = address;
  seen.family = family;
  seen.port = port;
  seen.connect_port = port;
  return seen;
}

check::CertInfo cert(const char* subject, const char* issuer, std::vector<std::string> names,
                     const char* not_before = "2025-11-01T00:00:00Z",
                     const char* not_after = "2026-11-30T23:59:59Z")
{
  return {subject, issuer, std::move(names), not_before, not_after};
}

// A finished TLS 1.3 handshake after `tcp_ms` + `tls_ms`.
check::Observation handshake(const char* address, int family, std::uint16_t port, double tcp_ms,
                             double tls_ms, std::vector<check::CertInfo> chain,
                             std::vector<int> errors = {}, std::vector<std::string> messages = {})
{
  auto seen = attempt(address, family, port);
  seen.tcp_connected = true;
  seen.tcp_ms = tcp_ms;
  seen.tls.started = true;
  seen.tls.completed = true;
  seen.tls.version = "TLSv1.3";
  seen.tls.version_number = 0x0304;
  seen.tls.cipher = "TLS_AES_128_GCM_SHA256";
  seen.tls.chain = std::move(chain);
  seen.tls.check.checked = true;
  for (const int error : errors) {
    seen.tls.check.problems.push_back(probe::chain_problem(error));
  }
  seen.tls.check.errors = std::move(errors);
  seen.tls.check.messages = std::move(messages);
  seen.tls.ms = tls_ms;
  seen.total_ms = tcp_ms + tls_ms;
  return seen;
}

check::Observation connect_failed(const char* address, int family, std::uint16_t port, int error,
                                  double ms, check::Timeout timeout = check::Timeout::none)
{
  auto seen = attempt(address, family, port);
  seen.os_errno = error;
  seen.tcp_ms = ms;
  seen.total_ms = ms;
  seen.timed_out = timeout;
  seen.error = timeout == check::Timeout::none ? "Failed to connect" : "Connection timed out";
  return seen;
}

check::HostObservation host(const char* name, std::vector<dns::Answer> answers,
                            std::vector<check::Observation> probes)
{
  check::HostObservation out;
  out.host = name;
  out.answers = std::move(answers);
  out.probes = std::move(probes);
  out.dns_finished = true;
  return out;
}

const char* const k_amazon_ca = "CN=Amazon RSA 2048 M02,O=Amazon,C=US";

// One observation per target, in target order (see the header for the story).
std::vector<check::HostObservation> observations()
{
  std::vector<check::HostObservation> out;
  // rgt.srv.ygles.com: IPv4 works, IPv6 has no route.
  out.push_back(host("rgt.srv.ygles.com",
                     {answer(4, dns::Status::ok, {"3.120.0.1"}, 11.5),
                      answer(6, dns::Status::ok, {"2a05:d014::1"}, 12.25)},
                     {handshake("3.120.0.1", 4, 443, 18.5, 30.25,
                                {cert("CN=rgt.srv.ygles.com", k_amazon_ca, {"rgt.srv.ygles.com"}),
                                 cert("CN=Amazon RSA 2048 M02,O=Amazon,C=US",
                                      "CN=Amazon Root CA 1,O=Amazon,C=US", {})}),
                      connect_failed("2a05:d014::1", 6, 443, ENETUNREACH, 0.5)}));
  // kinesis: both IPv4 addresses silently dropped; no AAAA.
  out.push_back(host("kinesis.eu-central-1.amazonaws.com",
                     {answer(4, dns::Status::ok, {"18.196.0.10", "18.196.0.11"}, 9.0),
                      answer(6, dns::Status::nodata, {}, 9.5)},
                     {connect_failed("18.196.0.10", 4, 443, 0, 5000.0, check::Timeout::tcp),
                      connect_failed("18.196.0.11", 4, 443, 0, 5000.0, check::Timeout::tcp)}));
  // cognito: a DNS filter answers 0.0.0.0 and ::.
  out.push_back(host("cognito-identity.eu-central-1.amazonaws.com",
                     {answer(4, dns::Status::ok, {"0.0.0.0"}, 3.0),
                      answer(6, dns::Status::ok, {"::"}, 3.0)},
                     {}));
  // The IoT endpoint: 443 asks for the device certificate, 8883 is refused.
  auto mqtt = attempt("3.66.0.7", 4, 443);
  mqtt.tcp_connected = true;
  mqtt.tcp_ms = 20.0;
  mqtt.tls.started = true;
  mqtt.tls.alpn_offered = "x-amzn-mqtt-ca";
  mqtt.tls.alpn = "x-amzn-mqtt-ca"; // AWS IoT selects it before asking for the certificate
  mqtt.tls.client_cert_requested = true;
  mqtt.tls.alert = "certificate required";
  mqtt.tls.ms = 41.0;
  mqtt.total_ms = 61.0;
  mqtt.error = "OpenSSL SSL_read: certificate required";
  out.push_back(host("a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com",
                     {answer(4, dns::Status::ok, {"3.66.0.7"}, 14.0),
                      answer(6, dns::Status::nodata, {}, 14.5)},
                     {mqtt, connect_failed("3.66.0.7", 4, 8883, ECONNREFUSED, 1.5)}));
  // a01.ugwdevice.net: a Palo Alto firewall decrypts and re-signs.
  out.push_back(host(
    "a01.ugwdevice.net", {answer(4, dns::Status::ok, {"52.57.0.4"}, 8.0), answer(6, dns::Status::nodata, {}, 8.0)},
    {handshake("52.57.0.4", 4, 443, 15.0, 22.0,
               {cert("CN=a01.ugwdevice.net",
                     "CN=Palo Alto Networks Forward Trust CA,O=Palo Alto Networks", {"a01.ugwdevice.net"},
                     "2026-01-10T00:00:00Z", "2026-02-09T00:00:00Z")},
               {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE},
               {"unable to get local issuer certificate", "unable to verify the first certificate"})}));
  // gdlp01.c-wss.com: split horizon to a private address whose server has an expired certificate.
  out.push_back(host("gdlp01.c-wss.com",
                     {answer(4, dns::Status::ok, {"10.20.30.40"}, 2.0), answer(6, dns::Status::nodata, {}, 2.0)},
                     {handshake("10.20.30.40", 4, 443, 1.0, 6.0,
                                {cert("CN=gdlp01.c-wss.com", "CN=Sectigo RSA Domain Validation Secure Server CA,O=Sectigo Limited,C=GB",
                                      {"gdlp01.c-wss.com"}, "2024-01-01T00:00:00Z", "2025-01-01T23:59:59Z")},
                                {X509_V_ERR_CERT_HAS_EXPIRED}, {"certificate has expired"})}));
  // cnvextdata: the name does not exist (here).
  out.push_back(host("cnvextdata-an1s.srv.ygles.com",
                     {answer(4, dns::Status::nxdomain, {}, 25.0), answer(6, dns::Status::nxdomain, {}, 25.0)},
                     {}));
  return out;
}

std::unique_ptr<CheckFixture> build()
{
  auto fixture = std::make_unique<CheckFixture>();
  fixture->profiles = make_profiles();
  fixture->targets = plan::plan_targets(fixture->profile_pointers());
  fixture->result = fixture->analysed("plain");
  return fixture;
}

} // namespace

std::vector<const profile::Profile*> CheckFixture::profile_pointers() const
{
  std::vector<const profile::Profile*> out;
  for (const auto& each : profiles) {
    out.push_back(&each);
  }
  return out;
}

check::CheckResult CheckFixture::analysed(const std::string& dialect) const
{
  auto out = check::analyse(check::judge_hosts(targets, observations(), {}), profile_pointers(),
                            rules::dialect_named(dialect));
  out.elapsed_ms = 5123.4;
  out.started_at = "2026-02-01T09:30:00Z";
  out.finished_at = "2026-02-01T09:30:05Z";
  out.hostname = "ws-it-042";
  out.trust = "146 Mozilla roots (/usr/share/ca-certificates/mozilla)";
  out.proxy = "";
  return out;
}

const CheckFixture& check_fixture()
{
  static const auto fixture = build();
  return *fixture;
}

report::RunFacts fixed_run_facts()
{
  return {"2026-02-01T09:30:00Z", "ws-it-042", "0.1.0", "DNS 3 s, TCP 5 s, TLS 5 s per endpoint",
          "the system's resolvers (/etc/resolv.conf)", {},
          {"cca: built-in (<built-in>/profiles/cca.yaml), SHA-256 0123abcd…"}, "emready check --agent cca,erds", ""};
}

} // namespace emready::test
