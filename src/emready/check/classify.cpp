#include "emready/check/classify.hpp"

#include "emready/check/interception.hpp"
#include "emready/check/proxy_answer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace emready::check {

namespace {



std::string join(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// The chain's last certificate names the CA it hangs from.
std::string anchor_issuer(const TlsObservation& tls)
{
  return tls.chain.empty() ? "" : tls.chain.back().issuer;
}

Finding untrusted(const TlsObservation& tls)
{
  Finding finding{Verdict::tls_untrusted, {}, interception_product(anchor_issuer(tls))};
  finding.evidence.push_back(fmt::format("chain issued by \"{}\", which the devices do not trust",
                                         anchor_issuer(tls)));
  finding.evidence.push_back(
    finding.interception.empty()
      ? "TLS interception suspected: the chain ends in a CA outside the trusted set"
      : fmt::format("TLS interception suspected ({})", finding.interception));
  return finding;
}

// The server sent its certificate alone and its issuer is no trusted root: the intermediate
// is missing (devices, unlike browsers, do not fetch it).
Finding incomplete_chain(const TlsObservation& tls)
{
  return {Verdict::tls_incomplete_chain,
          {fmt::format("the server sent only its own certificate, issued by \"{}\", without that "
                       "intermediate CA: devices do not fetch missing intermediates, so they cannot "
                       "reach a trusted root",
                       anchor_issuer(tls)),
           "an incomplete chain on the server's side (it, or the load balancer in front of it, must "
           "send the intermediate); a TLS-inspection bypass would not fix it"},
          ""};
}

constexpr std::string_view k_mqtt_alpn = "x-amzn-mqtt-ca";

Finding alpn_refused(const std::string& how)
{
  return {Verdict::tls_alpn_refused,
          {fmt::format("{} ALPN {}: MQTT over port 443 will fail here", how, k_mqtt_alpn),
           "use port 8883 for MQTT, or exempt the devices from the filter that refuses or strips "
           "ALPN"},
          ""};
}

Finding dns_failure(const dns::Answer& answer)
{
  const auto detail = fmt::format("{} for the {} query{}", dns::to_string(answer.status),
                                  answer.family == 4 ? "A" : "AAAA",
                                  answer.detail.empty() ? "" : " (" + answer.detail + ")");
  switch (answer.status) {
  case dns::Status::nxdomain: return {Verdict::dns_nxdomain, {detail}, ""};
  case dns::Status::servfail: return {Verdict::dns_servfail, {detail}, ""};
  case dns::Status::refused: return {Verdict::dns_refused, {detail}, ""};
  case dns::Status::nodata: return {Verdict::dns_no_address, {detail}, ""};
  case dns::Status::timeout: return {Verdict::dns_timeout, {detail}, ""};
  case dns::Status::malformed: return {Verdict::dns_malformed, {detail}, ""};
  default:
    return {Verdict::dns_timeout,
            {fmt::format("the {} lookup failed: {}", answer.family == 4 ? "A" : "AAAA", answer.detail)},
            ""};
  }
}

// Which failure speaks loudest when no family gave an address.
int dns_rank(dns::Status status)
{
  switch (status) {
  case dns::Status::nxdomain: return 0;
  case dns::Status::servfail: return 1;
  case dns::Status::refused: return 2;
  case dns::Status::malformed: return 3;
  case dns::Status::timeout: return 4;
  case dns::Status::error: return 5;
  case dns::Status::nodata: return 6;
  case dns::Status::ok: return 7;
  }
  return 8;
}

Finding tcp_failure(const Observation& observation)
{
  const auto port = observation.connect_port != 0 ? observation.connect_port : observation.port;
  const auto where = observation.family == 6 ? fmt::format("[{}]:{}", observation.address, port)
                                             : fmt::format("{}:{}", observation.address, port);
  if (observation.timed_out == Timeout::tcp || observation.os_errno == ETIMEDOUT) {
    return {Verdict::tcp_timeout, {fmt::format("no answer to the TCP connect to {} (silently dropped)", where)}, ""};
  }
  if (observation.os_errno == ECONNREFUSED) {
    return {Verdict::tcp_refused, {fmt::format("connection to {} refused (TCP reset)", where)}, ""};
  }
  if (observation.os_errno != 0) {
    return {Verdict::tcp_unreachable,
            {fmt::format("connect to {} failed: {}", where, std::strerror(observation.os_errno))}, ""};
  }
  return {Verdict::tcp_unreachable, {fmt::format("connect to {} failed: {}", where, observation.error)}, ""};
}

// Evidence for a finished handshake.
std::string handshake_summary(const TlsObservation& tls)
{
  auto text = fmt::format("{} {}", tls.version, tls.cipher);
  if (!tls.alpn.empty()) {
    text += ", ALPN " + tls.alpn;
  }
  if (!tls.chain.empty()) {
    text += fmt::format(", certificate \"{}\" issued by \"{}\"", tls.chain.front().subject,
                        tls.chain.front().issuer);
  }
  return text;
}

// A TLS record starts with its content type (20..23) and major version 3.
bool looks_like_tls(const std::string& bytes)
{
  return bytes.size() < 2 || (static_cast<unsigned char>(bytes[0]) >= 20 && static_cast<unsigned char>(bytes[0]) <= 23 &&
                              bytes[1] == '\x03');
}

// What came instead of TLS, said as a person would: an HTTP answer, or bytes.
std::string not_tls_evidence(const TlsObservation& tls)
{
  const auto& bytes = tls.first_bytes;
  if (bytes.starts_with("HTTP/")) {
    const auto line = bytes.substr(0, bytes.find_first_of("\r\n"));
    return fmt::format("the server answered in plain HTTP, not TLS ('{}'): a web server, captive portal or "
                       "transparent proxy answers on this port",
                       line);
  }
  std::string hex;
  for (std::size_t i = 0; i < bytes.size() && i < 8; ++i) {
    hex += fmt::format("{:02x}", static_cast<unsigned char>(bytes[i]));
  }
  return fmt::format("the server's answer is not TLS ({} bytes, starting 0x{}): another protocol, or noise, on "
                     "this port",
                     tls.bytes_received, hex);
}

Finding tls_failure(const Observation& observation)
{
  const auto& tls = observation.tls;
  if (tls.client_cert_requested && tls.alpn_offered == k_mqtt_alpn && tls.alpn != k_mqtt_alpn) {
    return alpn_refused(tls.alpn.empty() ? "the server did not select"
                                              : "the server chose " + tls.alpn + " instead of");
  }
  if (tls.client_cert_requested) {
    return {Verdict::ok,
            {"client certificate requested (the server ended the handshake without one, as "
             "expected for a device-authenticated endpoint)"},
            ""};
  }
  if (tls.bytes_received > 0 && !looks_like_tls(tls.first_bytes)) {
    Finding finding{Verdict::tls_handshake_failed, {not_tls_evidence(tls)}, ""};
    finding.server_fault = true;
    return finding;
  }
  if (observation.error.find("excessive message size") != std::string::npos) {
    Finding finding{Verdict::tls_handshake_failed,
                    {fmt::format("the server's handshake message is larger than TLS clients accept (OpenSSL's "
                                 "limit is 100 KiB of certificates; {} bytes came): an oversized certificate "
                                 "or chain, to be fixed on the server, not a trust or firewall problem",
                                 tls.bytes_received),
                     "TLS handshake failed: " + observation.error},
                    ""};
    finding.server_fault = true;
    return finding;
  }
  if (observation.timed_out == Timeout::tls) {
    if (tls.bytes_received > 0) {
      Finding finding{Verdict::tls_timeout,
                      {fmt::format("the server began its handshake ({} bytes) but did not finish it in time: "
                                   "it trickles or stalls (not SNI filtering, which sends nothing)",
                                   tls.bytes_received)},
                      ""};
      finding.server_fault = true;
      return finding;
    }
    return {Verdict::tls_timeout,
            {"TCP connected but the TLS handshake never completed (typical of SNI filtering)"}, ""};
  }
  if (tls.alpn_offered == k_mqtt_alpn && tls.alert == "no application protocol") {
    return alpn_refused("the server (or a filter in front of it) refused");
  }
  if (tls.started && !tls.server_answered && tls.alert.empty()) {
    const bool reset = observation.error.find("reset") != std::string::npos;
    return {Verdict::tls_handshake_failed,
            {fmt::format("the connection was {} right after the ClientHello, before any answer: "
                         "typical of a filter that rejects the server name (SNI)",
                         reset ? "reset" : "closed"),
             "TLS handshake failed: " + (observation.error.empty() ? std::string("no answer") : observation.error)},
            ""};
  }
  auto reason = tls.alert.empty() ? observation.error : "alert: " + tls.alert;
  if (reason.empty()) {
    reason = "the connection closed during the handshake";
  }
  Finding finding{Verdict::tls_handshake_failed, {"TLS handshake failed: " + reason}, ""};
  if (!tls.chain.empty()) {
    finding.evidence.push_back(fmt::format("the server sent \"{}\" issued by \"{}\"",
                                           tls.chain.front().subject, tls.chain.front().issuer));
  }
  return finding;
}

// libcurl's words for a CONNECT answer past its header limit (300 KiB in 7.88: "Too large
// response headers"; older: "CONNECT response too large", "Avoided giant realloc").
bool oversized_answer(std::string error)
{
  std::transform(error.begin(), error.end(), error.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return error.find("too large") != std::string::npos || error.find("giant") != std::string::npos;
}

// The proxy broke HTTP itself: an answer to CONNECT that never ended or was too large for a
// client, or a tunnel that carried something other than TLS. Nothing else explains these.
std::optional<Finding> proxy_protocol_error(const Observation& observation)
{
  const auto& proxy = observation.proxy;
  std::string evidence;
  if (!proxy.status_line.empty() && !proxy.answer_ended && observation.timed_out == Timeout::connect) {
    evidence = fmt::format("proxy {} began its answer to CONNECT (\"{}\") but never ended it ({} header "
                           "line{} came, no blank line): a broken or hostile proxy, not a missing rule",
                           proxy.url, proxy.status_line, proxy.header_lines,
                           proxy.header_lines == 1 ? "" : "s");
  } else if (oversized_answer(observation.error)) {
    evidence = fmt::format("proxy {} answered CONNECT with a header larger than clients accept "
                           "(\"{}\"; {} header lines): a broken or hostile proxy",
                           proxy.url, observation.error, proxy.header_lines);
  } else if (observation.tls.bytes_received > 0 && !looks_like_tls(observation.tls.first_bytes) &&
             !observation.tls.completed) {
    evidence = fmt::format("proxy {} answered \"{}\", but the tunnel then carried something that is "
                           "not TLS: {}. A proxy that answers for the server inside its tunnel (a block "
                           "or login page) or a server speaking another protocol",
                           proxy.url, proxy.status_line, not_tls_evidence(observation.tls));
  } else {
    return std::nullopt;
  }
  return Finding{Verdict::proxy_protocol_error, {evidence}, ""};
}

bool proxy_unreachable(const Observation& observation)
{
  return observation.proxy_unresolved ||
         (observation.proxy.connect_code == 0 && !observation.tcp_connected);
}

} // namespace

Finding classify_dns(const std::vector<dns::Answer>& answers,
                     const std::vector<dns::Network>& accepted, std::vector<std::string>& warnings)
{
  std::vector<std::string> usable;
  std::vector<std::string> sinkholes;
  for (const auto& answer : answers) {
    for (const auto& address : answer.addresses) {
      const auto kind = dns::classify_address(address, accepted);
      if (kind == dns::AddressKind::sinkhole) {
        sinkholes.push_back(fmt::format("{} ({})", address, dns::describe_address(address)));
        continue;
      }
      if (kind == dns::AddressKind::private_range) {
        warnings.push_back(fmt::format("resolves to {}, a {} address: split-horizon DNS or a block page",
                                       address, dns::describe_address(address)));
      }
      usable.push_back(address);
    }
  }
  if (!usable.empty()) {
    if (!sinkholes.empty()) {
      warnings.push_back("also resolves to sinkhole addresses: " + join(sinkholes));
    }
    return {Verdict::ok, {"resolves to " + join(usable)}, ""};
  }
  if (!sinkholes.empty()) {
    return {Verdict::dns_sinkhole,
            {"resolves only to addresses no public host has: " + join(sinkholes) +
             " (a DNS filter's sinkhole)"},
            ""};
  }
  if (answers.empty()) {
    return {Verdict::not_run, {"no DNS answer before the run's deadline"}, ""};
  }
  const auto worst = std::min_element(answers.begin(), answers.end(), [](const auto& a, const auto& b) {
    return dns_rank(a.status) < dns_rank(b.status);
  });
  return dns_failure(*worst);
}

Finding classify_chain(const TlsObservation& tls)
{
  const auto& check = tls.check;
  if (check.has(ChainProblem::too_long)) {
    // Too long a path hides its root: this is no verdict on trust, nor interception.
    Finding finding{Verdict::tls_handshake_failed,
                    {fmt::format("the server sends {} certificates, more than a verifier follows (OpenSSL stops "
                                 "at a depth of 100): an oversized certificate chain, to be fixed on the server",
                                 tls.chain.size())},
                    ""};
    finding.server_fault = true;
    return finding;
  }
  if (check.has(ChainProblem::issuer_missing) && !check.has(ChainProblem::untrusted) &&
      tls.chain.size() == 1 && interception_product(anchor_issuer(tls)).empty()) {
    return incomplete_chain(tls);
  }
  if (check.has(ChainProblem::untrusted) || check.has(ChainProblem::issuer_missing)) {
    return untrusted(tls);
  }
  const auto leaf = tls.chain.empty() ? CertInfo{} : tls.chain.front();
  if (check.has(ChainProblem::expired)) {
    return {Verdict::tls_expired, {fmt::format("certificate \"{}\" expired on {}", leaf.subject, leaf.not_after)}, ""};
  }
  if (check.has(ChainProblem::not_yet_valid)) {
    return {Verdict::tls_not_yet_valid,
            {fmt::format("certificate \"{}\" is not valid before {}", leaf.subject, leaf.not_before)}, ""};
  }
  if (check.has(ChainProblem::name_mismatch)) {
    return {Verdict::tls_name_mismatch,
            {fmt::format("certificate \"{}\" names {}, not this host", leaf.subject,
                         leaf.names.empty() ? "no DNS name" : join(leaf.names))},
            ""};
  }
  if (!check.problems.empty()) {
    return {Verdict::tls_untrusted, {"certificate rejected: " + join(check.messages)}, ""};
  }
  return {};
}

Finding classify_probe(const Observation& observation)
{
  if (observation.timed_out == Timeout::deadline) {
    return {Verdict::not_run, {"stopped: the run's deadline passed"}, ""};
  }
  if (observation.proxy.used) {
    if (observation.proxy.socks_failure != SocksFailure::none) {
      return classify_socks_failure(observation.proxy);
    }
    if (observation.proxy_tls_failed && observation.proxy.connect_code == 0) {
      return {Verdict::proxy_unreachable,
              {fmt::format("the TLS connection to proxy {} failed: {}", observation.proxy.url, observation.error),
               "an https:// proxy's certificate is checked against this workstation's CAs "
               "(--proxy-ca-file gives others)"},
              ""};
    }
    if (auto broken = proxy_protocol_error(observation)) {
      return *broken;
    }
    if (proxy_unreachable(observation)) {
      return {Verdict::proxy_unreachable,
              {fmt::format("cannot reach proxy {}: {}", observation.proxy.url,
                           observation.error.empty() ? "no connection" : observation.error)},
              ""};
    }
    if (observation.proxy.connect_code != 0 &&
        (observation.proxy.connect_code < 200 || observation.proxy.connect_code > 299)) {
      return classify_proxy_answer(observation.proxy);
    }
    if (observation.timed_out == Timeout::connect) {
      // A proxy that denies says so at once; silence means it is still trying to reach the
      // host (a dropped connect, or a slow name lookup, beyond it): no rule on it is missing.
      Finding finding{Verdict::tcp_timeout,
                      {fmt::format("proxy {} took the connection but did not answer CONNECT in time: "
                                   "it is still trying to reach the host (a dropped connection or a "
                                   "slow name lookup beyond the proxy), or it answers nothing at all",
                                   observation.proxy.url),
                       "raise --tcp-timeout above the proxy's own connect timeout to read its answer"},
                      ""};
      finding.beyond_proxy = true;
      return finding;
    }
  } else if (!observation.tcp_connected) {
    return tcp_failure(observation);
  }
  const auto& tls = observation.tls;
  if (!tls.completed) {
    return tls_failure(observation);
  }
  auto finding = classify_chain(tls);
  if (finding.verdict == Verdict::ok && tls.alpn_offered == k_mqtt_alpn && tls.alpn != k_mqtt_alpn) {
    finding = alpn_refused(tls.alpn.empty() ? "the server did not select"
                                                 : "the server chose " + tls.alpn + " instead of");
  }
  if (finding.verdict == Verdict::ok && tls.version_number != 0 && tls.version_number < k_tls_1_2) {
    finding = {Verdict::tls_old_protocol,
               {fmt::format("the server negotiated {}; devices need TLS 1.2 or later", tls.version)}, ""};
  }
  if (finding.verdict == Verdict::ok) {
    finding.evidence.push_back(handshake_summary(tls));
    if (tls.client_cert_requested) {
      finding.evidence.push_back("client certificate requested");
    }
  }
  if (observation.proxy.used && !observation.proxy.status_line.empty()) {
    finding.evidence.push_back(fmt::format("through proxy {} (\"{}\")", observation.proxy.url,
                                           observation.proxy.status_line));
  }
  return finding;
}

} // namespace emready::check
