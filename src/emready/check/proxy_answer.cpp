#include "emready/check/proxy_answer.hpp"

#include "emready/check/proxy_signatures.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <strings.h>

namespace emready::check {

namespace {

std::vector<std::string> answer_evidence(const ProxyObservation& proxy)
{
  std::vector<std::string> evidence;
  if (!proxy.status_line.empty()) {
    evidence.push_back(fmt::format("proxy {} answered CONNECT with \"{}\"", proxy.url, proxy.status_line));
  }
  if (!proxy.squid_error.empty()) {
    evidence.push_back("X-Squid-Error: " + proxy.squid_error);
  }
  if (!proxy.proxy_status.empty()) {
    evidence.push_back("Proxy-Status: " + proxy.proxy_status);
  }
  if (!proxy.via.empty()) {
    evidence.push_back("Via: " + proxy.via);
  }
  if (!proxy.server.empty()) {
    evidence.push_back("Server: " + proxy.server);
  }
  return evidence;
}

bool offers(const ProxyObservation& proxy, const std::string& scheme)
{
  return std::any_of(proxy.authenticate.begin(), proxy.authenticate.end(), [&](const auto& offered) {
    return strcasecmp(offered.c_str(), scheme.c_str()) == 0;
  });
}

std::string auth_evidence(const ProxyObservation& proxy)
{
  const auto offered = proxy.authenticate.empty()
                         ? std::string("it names no scheme")
                         : fmt::format("it offers {}", fmt::join(proxy.authenticate, ", "));
  if (!proxy.credentials_sent) {
    return fmt::format("the proxy wants credentials ({}): give --proxy-user USER (the password from "
                       "a prompt, --proxy-password-file or EMREADY_PROXY_PASSWORD), or "
                       "--proxy-negotiate for Kerberos",
                       offered);
  }
  if (!proxy.auth_allowed.empty() && proxy.auth_allowed != "any" && !proxy.authenticate.empty() &&
      !offers(proxy, proxy.auth_allowed)) {
    return fmt::format("the proxy does not offer {} ({}): no credentials were sent; allow its "
                       "scheme with --proxy-auth",
                       proxy.auth_allowed, offered);
  }
  if (proxy.auth_allowed == "negotiate") {
    // libcurl sends nothing when there is no ticket for the proxy: "rejected" would mislead.
    return fmt::format("the proxy did not accept Kerberos ({}): check that a ticket exists (klist; "
                       "kinit, KRB5CCNAME) and that --proxy names the proxy as its keytab does "
                       "(HTTP/proxy.example.com), not by its IP address",
                       offered);
  }
  return fmt::format("the proxy rejected the credentials given ({}): check the user and password",
                     offered);
}

Finding auth_required(const ProxyObservation& proxy)
{
  Finding finding{Verdict::proxy_auth_required, {auth_evidence(proxy)}, ""};
  for (auto& line : answer_evidence(proxy)) {
    finding.evidence.push_back(std::move(line));
  }
  return finding;
}

// Squid's "ERR_CONNECT_FAIL 111": the error name and the errno it carries (0 when none).
std::pair<std::string, int> squid_error(const std::string& header)
{
  const auto space = header.find(' ');
  const auto name = header.substr(0, space);
  int number = 0;
  if (space != std::string::npos) {
    // from_chars: a peer's digits past INT_MAX are no number (an errno is small), not an overflow.
    const auto* first = header.data() + space + 1;
    const auto* last = header.data() + header.size();
    if (std::from_chars(first, last, number).ec != std::errc()) {
      number = 0;
    }
  }
  return {name, number};
}

// The far side's failure, as the proxy reports it. Linux errno values: Squid sends its own.
std::pair<Verdict, std::string> upstream_failure(const ProxyObservation& proxy)
{
  const auto [name, number] = squid_error(proxy.squid_error);
  if (name == "ERR_CONNECT_FAIL") {
    switch (number) {
    case 111: return {Verdict::tcp_refused, "the host refused the proxy's connection (TCP reset)"};
    case 110: return {Verdict::tcp_timeout, "the host did not answer the proxy's TCP connect (silently dropped)"};
    case 101:
    case 113: return {Verdict::tcp_unreachable, "the proxy has no route to the host (network unreachable)"};
    default: return {Verdict::proxy_upstream_failed, fmt::format("the proxy could not connect to the host (errno {})", number)};
    }
  }
  if (name == "ERR_DNS_FAIL") {
    return {Verdict::dns_nxdomain, "the proxy's resolver could not find the name"};
  }
  if (name == "ERR_READ_TIMEOUT" || name == "ERR_LIFETIME_EXP") {
    return {Verdict::tcp_timeout, "the connection beyond the proxy timed out"};
  }
  if (name == "ERR_CANNOT_FORWARD") {
    return {Verdict::proxy_upstream_failed, "the proxy could not forward the request (no address or route to the host)"};
  }
  if (!name.empty()) {
    return {Verdict::proxy_upstream_failed, "the proxy could not reach the host (" + name + ")"};
  }
  return {Verdict::proxy_upstream_failed, "the proxy could not reach the host and did not say why"};
}

// A product's documented answer, read as what it means.
Finding from_signature(const ProxySignature& signature, const ProxyObservation& proxy)
{
  const auto beyond = [&](Verdict verdict) {
    Finding finding{verdict,
                    {"reported by the proxy: " + signature.explanation + "; the proxy allowed the request"},
                    ""};
    finding.beyond_proxy = true;
    return finding;
  };
  Finding finding;
  switch (signature.meaning) {
  case ProxyMeaning::denied_host:
  case ProxyMeaning::denied_port: finding = {Verdict::proxy_denied, {signature.explanation}, ""}; break;
  case ProxyMeaning::denied_client:
    finding = {Verdict::proxy_denied, {signature.explanation + "; no rule for the host would help"}, ""};
    finding.client_refused = true;
    break;
  case ProxyMeaning::dns_failed: finding = beyond(Verdict::dns_nxdomain); break;
  case ProxyMeaning::refused: finding = beyond(Verdict::tcp_refused); break;
  case ProxyMeaning::timed_out: finding = beyond(Verdict::tcp_timeout); break;
  case ProxyMeaning::unreachable: finding = beyond(Verdict::tcp_unreachable); break;
  case ProxyMeaning::upstream_failed:
  case ProxyMeaning::parent_failed: finding = beyond(Verdict::proxy_upstream_failed); break;
  }
  finding.evidence.push_back("recognised as " + signature.product);
  for (auto& line : answer_evidence(proxy)) {
    finding.evidence.push_back(std::move(line));
  }
  return finding;
}

} // namespace

Finding classify_proxy_answer(const ProxyObservation& proxy)
{
  const auto code = proxy.connect_code;
  if (code == 407) {
    return auth_required(proxy);
  }
  const bool server_error = code >= 500 && code <= 599;
  if (!(server_error && !proxy.squid_error.empty())) {
    if (const auto signature = recognise_proxy_answer(proxy)) {
      return from_signature(*signature, proxy);
    }
  }
  if (server_error) {
    const auto [verdict, what] = upstream_failure(proxy);
    Finding finding{verdict, {"reported by the proxy: " + what + "; the proxy allowed the request"}, ""};
    finding.beyond_proxy = true;
    for (auto& line : answer_evidence(proxy)) {
      finding.evidence.push_back(std::move(line));
    }
    return finding;
  }
  return {Verdict::proxy_denied, answer_evidence(proxy), ""};
}

Finding classify_socks_failure(const ProxyObservation& proxy)
{
  const auto beyond = [&](Verdict verdict, const std::string& what) {
    Finding finding{verdict,
                    {fmt::format("reported by SOCKS proxy {}: {}; the proxy allowed the request", proxy.url, what)},
                    ""};
    finding.beyond_proxy = true;
    return finding;
  };
  switch (proxy.socks_failure) {
  case SocksFailure::refused: return beyond(Verdict::tcp_refused, "the host refused the connection");
  case SocksFailure::host_unreachable:
    return beyond(Verdict::tcp_unreachable,
                  "host unreachable (SOCKS reply 4; some proxies, Dante among them, also send it for a "
                  "name they cannot resolve)");
  case SocksFailure::network_unreachable: return beyond(Verdict::tcp_unreachable, "network unreachable");
  case SocksFailure::ttl_expired: return beyond(Verdict::tcp_timeout, "the connection timed out (TTL expired)");
  case SocksFailure::server_failure:
    return beyond(Verdict::proxy_upstream_failed,
                  "general SOCKS server failure (often a host name the proxy cannot resolve)");
  case SocksFailure::not_allowed:
    return {Verdict::proxy_denied,
            {fmt::format("SOCKS proxy {} does not allow the connection (its rules)", proxy.url)}, ""};
  case SocksFailure::resolve_failed:
    return {Verdict::dns_nxdomain,
            {fmt::format("this machine could not resolve the host for SOCKS proxy {} (socks4/socks5 "
                         "resolve locally; socks5h lets the proxy resolve)",
                         proxy.url)},
            ""};
  case SocksFailure::auth:
    return {Verdict::proxy_auth_required,
            {fmt::format("SOCKS proxy {} wants, or rejected, credentials", proxy.url)}, ""};
  case SocksFailure::none:
  case SocksFailure::other: break;
  }
  return {Verdict::proxy_upstream_failed, {fmt::format("SOCKS proxy {} refused the connection", proxy.url)}, ""};
}

} // namespace emready::check
