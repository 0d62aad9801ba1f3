#include "emready/check/analyse.hpp"
#include "emready/check/classify.hpp"
#include "emready/check/interception.hpp"
#include "emready/check/remedy.hpp"

#include <cerrno>
#include <doctest/doctest.h>

using namespace emready;
using check::Verdict;

namespace {

check::Observation direct()
{
  check::Observation seen;
  seen.address = "198.18.0.1";
  seen.family = 4;
  seen.port = 443;
  return seen;
}

using check::ChainProblem;

check::Observation handshake_done(std::vector<ChainProblem> problems = {})
{
  auto seen = direct();
  seen.tcp_connected = true;
  seen.tls.started = true;
  seen.tls.completed = true;
  seen.tls.version = "TLSv1.3";
  seen.tls.version_number = 0x0304;
  seen.tls.cipher = "TLS_AES_128_GCM_SHA256";
  seen.tls.chain = {{"CN=gw.srv.ygles.com", "CN=Palo Alto Networks Forward Trust CA,O=Palo Alto Networks",
                     {"gw.srv.ygles.com"}, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"}};
  seen.tls.check.checked = true;
  seen.tls.check.problems = std::move(problems);
  for (std::size_t i = 0; i < seen.tls.check.problems.size(); ++i) {
    seen.tls.check.messages.emplace_back("error");
  }
  return seen;
}

check::Observation proxied(long code, std::string status)
{
  check::Observation seen;
  seen.port = 443;
  seen.proxy.used = true;
  seen.proxy.url = "http://127.0.0.1:3128";
  seen.tcp_connected = true;
  seen.proxy.connect_code = code;
  seen.proxy.status_line = std::move(status);
  seen.proxy.via = "1.1 lab (squid/5.7)";
  return seen;
}

dns::Answer answer(int family, dns::Status status, std::vector<std::string> addresses = {})
{
  dns::Answer a;
  a.family = family;
  a.status = status;
  a.addresses = std::move(addresses);
  return a;
}

Verdict dns_verdict(std::vector<dns::Answer> answers, std::vector<std::string>* warnings = nullptr)
{
  std::vector<std::string> sink;
  return check::classify_dns(answers, {}, warnings ? *warnings : sink).verdict;
}

} // namespace

TEST_CASE("unit: every verdict has a unique name that parses back")
{
  for (const auto verdict : check::k_all_verdicts) {
    CHECK(check::verdict_named(check::to_string(verdict)) == verdict);
  }
  CHECK(check::layer_of(Verdict::tls_timeout) == check::Layer::tls);
  CHECK(check::layer_of(Verdict::proxy_denied) == check::Layer::proxy);
  CHECK(check::layer_of(Verdict::ok) == check::Layer::none);
  CHECK(check::allow_rule_fixes({Verdict::tcp_timeout, {}, ""}));
  CHECK_FALSE(check::allow_rule_fixes({Verdict::tls_untrusted, {}, ""}));
  CHECK(check::needs_inspection_bypass(Verdict::tls_untrusted));
}

TEST_CASE("unit: DNS answers become nxdomain, servfail, refused, timeout, no-address or sinkhole")
{
  CHECK(dns_verdict({answer(4, dns::Status::nxdomain), answer(6, dns::Status::nxdomain)}) == Verdict::dns_nxdomain);
  CHECK(dns_verdict({answer(4, dns::Status::servfail), answer(6, dns::Status::nodata)}) == Verdict::dns_servfail);
  CHECK(dns_verdict({answer(4, dns::Status::refused)}) == Verdict::dns_refused);
  CHECK(dns_verdict({answer(4, dns::Status::timeout), answer(6, dns::Status::timeout)}) == Verdict::dns_timeout);
  CHECK(dns_verdict({answer(4, dns::Status::nodata), answer(6, dns::Status::nodata)}) == Verdict::dns_no_address);
  CHECK(dns_verdict({answer(4, dns::Status::ok, {"0.0.0.0"}), answer(6, dns::Status::ok, {"::"})}) == Verdict::dns_sinkhole);
  CHECK(dns_verdict({answer(4, dns::Status::ok, {"127.0.0.1"})}) == Verdict::dns_sinkhole);
  CHECK(dns_verdict({answer(4, dns::Status::ok, {"52.28.1.1"}), answer(6, dns::Status::nodata)}) == Verdict::ok);
  CHECK(dns_verdict({}) == Verdict::not_run);
}

TEST_CASE("unit: private and partial-sinkhole answers are warnings, not failures")
{
  std::vector<std::string> warnings;
  CHECK(dns_verdict({answer(4, dns::Status::ok, {"10.1.2.3"})}, &warnings) == Verdict::ok);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("10.1.2.3") != std::string::npos);
  warnings.clear();
  CHECK(dns_verdict({answer(4, dns::Status::ok, {"52.28.1.1", "0.0.0.0"})}, &warnings) == Verdict::ok);
  CHECK(warnings.size() == 1);
  std::vector<std::string> none;
  const auto lab = dns::parse_network("127.1.0.0/16");
  CHECK(check::classify_dns({answer(4, dns::Status::ok, {"127.1.0.5"})}, lab, none).verdict == Verdict::ok);
}

TEST_CASE("unit: TCP failures are told apart by errno and timeout")
{
  auto refused = direct();
  refused.os_errno = ECONNREFUSED;
  CHECK(check::classify_probe(refused).verdict == Verdict::tcp_refused);
  auto dropped = direct();
  dropped.timed_out = check::Timeout::tcp;
  CHECK(check::classify_probe(dropped).verdict == Verdict::tcp_timeout);
  auto unreachable = direct();
  unreachable.os_errno = EHOSTUNREACH;
  CHECK(check::classify_probe(unreachable).verdict == Verdict::tcp_unreachable);
  CHECK(check::classify_probe(unreachable).evidence[0].find("No route to host") != std::string::npos);
}

TEST_CASE("unit: TLS handshakes: ok, timeout, failure with the alert, client certificate")
{
  CHECK(check::classify_probe(handshake_done()).verdict == Verdict::ok);
  auto stalled = direct();
  stalled.tcp_connected = true;
  stalled.tls.started = true;
  stalled.timed_out = check::Timeout::tls;
  CHECK(check::classify_probe(stalled).verdict == Verdict::tls_timeout);
  auto failed = direct();
  failed.tcp_connected = true;
  failed.tls.started = true;
  failed.tls.alert = "handshake failure";
  const auto finding = check::classify_probe(failed);
  CHECK(finding.verdict == Verdict::tls_handshake_failed);
  CHECK(finding.evidence[0] == "TLS handshake failed: alert: handshake failure");
  failed.tls.client_cert_requested = true;
  CHECK(check::classify_probe(failed).verdict == Verdict::ok);
}

TEST_CASE("unit: chain errors map to untrusted, expired, not-yet-valid and name mismatch")
{
  const auto untrusted = check::classify_probe(handshake_done({ChainProblem::untrusted, ChainProblem::expired}));
  CHECK(untrusted.verdict == Verdict::tls_untrusted); // interception outranks the expiry
  CHECK(untrusted.interception == "Palo Alto Networks");
  CHECK(untrusted.evidence[1] == "TLS interception suspected (Palo Alto Networks)");
  CHECK(check::classify_probe(handshake_done({ChainProblem::expired})).verdict == Verdict::tls_expired);
  CHECK(check::classify_probe(handshake_done({ChainProblem::not_yet_valid})).verdict == Verdict::tls_not_yet_valid);
  CHECK(check::classify_probe(handshake_done({ChainProblem::name_mismatch})).verdict == Verdict::tls_name_mismatch);
  auto old = handshake_done();
  old.tls.version = "TLSv1.1";
  old.tls.version_number = 0x0302;
  CHECK(check::classify_probe(old).verdict == Verdict::tls_old_protocol);
}

TEST_CASE("unit: proxies: denied, auth required, unreachable, upstream silence")
{
  const auto denied = check::classify_probe(proxied(403, "HTTP/1.1 403 Forbidden"));
  CHECK(denied.verdict == Verdict::proxy_denied);
  CHECK(denied.evidence[0].find("403 Forbidden") != std::string::npos);
  CHECK(denied.evidence[1] == "Via: 1.1 lab (squid/5.7)");
  CHECK(check::classify_probe(proxied(407, "HTTP/1.1 407 Proxy Authentication Required")).verdict ==
        Verdict::proxy_auth_required);
  // A 5xx is the far side's failure, reported by the proxy: not a denial (issue 9).
  CHECK(check::classify_probe(proxied(502, "HTTP/1.1 502 Bad Gateway")).verdict == Verdict::proxy_upstream_failed);
  auto down = proxied(0, "");
  down.tcp_connected = false;
  down.error = "Failed to connect to proxy port 3128";
  CHECK(check::classify_probe(down).verdict == Verdict::proxy_unreachable);
  auto silent = proxied(0, "");
  silent.timed_out = check::Timeout::connect;
  CHECK(check::classify_probe(silent).verdict == Verdict::tcp_timeout);
  CHECK(check::classify_probe(silent).beyond_proxy); // a proxy that denies answers: no rule on it
  auto tls_to_proxy = proxied(0, "");
  tls_to_proxy.proxy_tls_failed = true;
  tls_to_proxy.error = "SSL certificate problem: self-signed certificate";
  const auto proxy_cert = check::classify_probe(tls_to_proxy);
  CHECK(proxy_cert.verdict == Verdict::proxy_unreachable); // the proxy's TLS, not the endpoint's
  CHECK(proxy_cert.evidence[1].find("--proxy-ca-file") != std::string::npos);
  auto tunnel = handshake_done();
  tunnel.proxy = proxied(200, "HTTP/1.1 200 Connection established").proxy;
  CHECK(check::classify_probe(tunnel).verdict == Verdict::ok);
  auto stopped = direct();
  stopped.timed_out = check::Timeout::deadline;
  CHECK(check::classify_probe(stopped).verdict == Verdict::not_run);
}

TEST_CASE("unit: inspection products are named from the issuer")
{
  CHECK(check::interception_product("CN=FortiGate CA,O=Fortinet") == "Fortinet FortiGate");
  CHECK(check::interception_product("CN=Zscaler Intermediate Root CA") == "Zscaler");
  CHECK(check::interception_product("CN=Sophos SSL CA_C1234") == "Sophos");
  CHECK(check::interception_product("CN=Amazon RSA 2048 M02,O=Amazon") == "");
}

TEST_CASE("unit: under --device-family dual a port is ok when every address of one family works; partial failures say so")
{
  const auto result = [](const char* address, int family, Verdict verdict) {
    check::ProbeResult probe;
    probe.observation.address = address;
    probe.observation.family = family;
    probe.finding.verdict = verdict;
    probe.finding.evidence = {"because"};
    return probe;
  };
  const auto dual = check::DeviceFamily::dual;
  CHECK(check::judge_port({}, dual).verdict == Verdict::not_run);
  const auto v6_broken = check::judge_port({result("3.1.1.1", 4, Verdict::ok), result("2a05::1", 6, Verdict::tcp_unreachable)}, dual);
  CHECK(v6_broken.verdict == Verdict::ok);
  CHECK(v6_broken.evidence.back().find("IPv6 fails (tcp-unreachable)") != std::string::npos);
  const auto half = check::judge_port({result("3.1.1.1", 4, Verdict::ok), result("3.1.1.2", 4, Verdict::tcp_timeout)}, dual);
  CHECK(half.verdict == Verdict::tcp_timeout);
  REQUIRE(half.evidence.size() == 2);
  CHECK(half.evidence[0] == "because"); // the cause first: a one-line view shows it
  CHECK(half.evidence[1] == "1 of 2 IPv4 addresses fail");
}

TEST_CASE("unit: a leaf sent alone whose issuer is missing is an incomplete chain, not interception")
{
  auto alone = handshake_done({ChainProblem::issuer_missing});
  alone.tls.chain[0].issuer = "CN=Amazon RSA 2048 M02,O=Amazon,C=US";
  const auto incomplete = check::classify_probe(alone);
  CHECK(incomplete.verdict == Verdict::tls_incomplete_chain);
  CHECK(incomplete.evidence[1].find("a TLS-inspection bypass would not fix it") != std::string::npos);
  CHECK_FALSE(check::needs_inspection_bypass(incomplete.verdict));
  // A named inspection product stays interception, sent alone or not.
  auto named = handshake_done({ChainProblem::issuer_missing});
  CHECK(check::classify_probe(named).verdict == Verdict::tls_untrusted);
  // A chain that goes on to a CA outside the trust set is interception too.
  auto longer = alone;
  longer.tls.chain.push_back({"CN=Amazon RSA 2048 M02", "CN=Corp Inspection Root", {}, "", ""});
  CHECK(check::classify_probe(longer).verdict == Verdict::tls_untrusted);
}

TEST_CASE("unit: MQTT on 443 without its ALPN fails with what works instead; a reset after the ClientHello names SNI filtering")
{
  auto mqtt = handshake_done();
  mqtt.tls.chain[0].issuer = "CN=Amazon RSA 2048 M02,O=Amazon,C=US";
  mqtt.tls.alpn_offered = "x-amzn-mqtt-ca";
  mqtt.tls.alpn = "x-amzn-mqtt-ca";
  CHECK(check::classify_probe(mqtt).verdict == Verdict::ok);
  mqtt.tls.alpn = "";
  const auto stripped = check::classify_probe(mqtt);
  CHECK(stripped.verdict == Verdict::tls_alpn_refused);
  CHECK(stripped.evidence[1].find("8883") != std::string::npos);
  auto refused = direct();
  refused.tcp_connected = true;
  refused.tls.started = true;
  refused.tls.server_answered = true;
  refused.tls.alpn_offered = "x-amzn-mqtt-ca";
  refused.tls.alert = "no application protocol";
  CHECK(check::classify_probe(refused).verdict == Verdict::tls_alpn_refused);
  auto reset = direct();
  reset.tcp_connected = true;
  reset.tls.started = true;
  reset.error = "connection error during the handshake: Connection reset by peer";
  const auto filtered = check::classify_probe(reset);
  CHECK(filtered.verdict == Verdict::tls_handshake_failed);
  CHECK(filtered.evidence[0].find("reset right after the ClientHello") != std::string::npos);
  CHECK(filtered.evidence[0].find("SNI") != std::string::npos);
  reset.tls.server_answered = true; // the server spoke first: not a filter's reset
  CHECK(check::classify_probe(reset).evidence[0].find("ClientHello") == std::string::npos);
}

TEST_CASE("unit: a proxy that breaks HTTP is a protocol error, not SNI filtering or the server")
{
  auto trickling = proxied(0, "HTTP/1.1 200 Connection established");
  trickling.proxy.header_lines = 7;
  trickling.timed_out = check::Timeout::connect;
  const auto endless = check::classify_probe(trickling);
  CHECK(endless.verdict == Verdict::proxy_protocol_error);
  CHECK(endless.evidence[0].find("never ended it (7 header lines") != std::string::npos);
  trickling.proxy.answer_ended = true; // the answer ended: a slow connect beyond the proxy
  CHECK(check::classify_probe(trickling).verdict == Verdict::tcp_timeout);

  auto huge = proxied(0, "HTTP/1.1 200 Connection established");
  huge.error = "Too large response headers: 307989 > 307200";
  CHECK(check::classify_probe(huge).verdict == Verdict::proxy_protocol_error);

  auto garbage = proxied(200, "HTTP/1.1 200 Connection established");
  garbage.proxy.answer_ended = true;
  garbage.tls.started = true;
  garbage.tls.bytes_received = 4096;
  garbage.tls.first_bytes = "X\x01\x02\x03";
  const auto noise = check::classify_probe(garbage);
  CHECK(noise.verdict == Verdict::proxy_protocol_error);
  CHECK_FALSE(noise.server_fault);
  CHECK_FALSE(check::allow_rule_fixes(noise));
  auto direct_noise = direct();
  direct_noise.tcp_connected = true;
  direct_noise.tls = garbage.tls;
  CHECK(check::classify_probe(direct_noise).verdict == Verdict::tls_handshake_failed); // no proxy: the server
}

TEST_CASE("unit: malformed DNS replies are dns-malformed, ranked above a timeout")
{
  CHECK(dns_verdict({answer(4, dns::Status::malformed), answer(6, dns::Status::timeout)}) == Verdict::dns_malformed);
  CHECK(dns_verdict({answer(4, dns::Status::malformed), answer(6, dns::Status::nxdomain)}) == Verdict::dns_nxdomain);
}
