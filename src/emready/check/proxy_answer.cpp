#include "emready/check/proxy_answer.hpp"

#include <algorithm>
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
  return fmt::format("the proxy rejected the credentials given ({}): check the user and password "
                     "(or the Kerberos ticket)",
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
    for (const char c : header.substr(space + 1)) {
      if (c < '0' || c > '9') {
        break;
      }
      number = number * 10 + (c - '0');
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

} // namespace

Finding classify_proxy_answer(const ProxyObservation& proxy)
{
  const auto code = proxy.connect_code;
  if (code == 407) {
    return auth_required(proxy);
  }
  if (code >= 500 && code <= 599) {
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

} // namespace emready::check
