#include "emready/lab/proxy/proxy_decision.hpp"

#include "emready/core/host_name.hpp"
#include "emready/lab/http/http_head.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace emready::lab::proxy {

namespace {

std::string_view trim_blanks(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// "host:port" or "[v6]:port" → host and port; false when malformed.
bool split_target(std::string_view target, ProxyRequest& request)
{
  const auto colon = target.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  auto host = target.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto port_text = target.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(),
                                            port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return false;
  }
  request.host = scenario::normalized_name(host);
  request.port = static_cast<std::uint16_t>(port);
  return true;
}

std::string base64(std::string_view text)
{
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int size = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(text.data()),
                                   static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(size));
  return out;
}

// RFC 7617: "Basic " (scheme case-insensitive) and base64 of user:password.
bool authorized(const ProxyRequest& request, const scenario::ProxySpec& proxy)
{
  if (proxy.auth.empty()) {
    return true;
  }
  const std::string_view value = request.proxy_authorization;
  if (value.size() < 6 || core::to_lower(value.substr(0, 6)) != "basic ") {
    return false;
  }
  return trim_blanks(value.substr(6)) == base64(proxy.auth);
}

bool allowed(const ProxyRequest& request, const scenario::ProxySpec& proxy)
{
  if (!proxy.allowlist) {
    return true;
  }
  const auto& rules = proxy.allowlist->rules;
  return std::any_of(rules.begin(), rules.end(), [&](const rules::Rule& rule) {
    return rule.pattern.matches(request.host) && rule.allows_port(request.port);
  });
}

ProxyVerdict tunnel_to(const ProxyRequest& request, const scenario::HostTable& hosts,
                       const scenario::Scenario& scenario)
{
  const auto* host = hosts.find(request.host);
  if (host == nullptr || host->dns != scenario::DnsFault::none) {
    return {503, fmt::format("cannot resolve {} (DNS failure)", request.host), {}, 0};
  }
  auto address = host->address;
  if (host->answers) {
    const auto& answers = *host->answers;
    const auto found = std::find_if(answers.begin(), answers.end(),
                                    [](const net::IpAddress& a) { return a.is_loopback_v4(); });
    if (found == answers.end()) {
      return {503, fmt::format("{} resolves outside the lab; not contacted", request.host),
              {}, 0};
    }
    address = *found;
  }
  return {200, "tunnel", address, scenario.mapped(request.port)};
}

const char* status_text(int status)
{
  switch (status) {
  case 403:
    return "Forbidden";
  case 405:
    return "Method Not Allowed";
  case 407:
    return "Proxy Authentication Required";
  case 503:
    return "Service Unavailable";
  default:
    return "Bad Request";
  }
}

} // namespace

std::optional<ProxyRequest> parse_proxy_request(std::string_view head)
{
  const auto parsed = http::parse_http_head(head);
  if (!std::holds_alternative<http::HttpHead>(parsed)) {
    return std::nullopt;
  }
  const auto& http_head = std::get<http::HttpHead>(parsed);
  ProxyRequest request;
  request.method = http_head.method;
  request.target = http_head.target;
  split_target(request.target, request);
  request.proxy_authorization = std::string(http_head.header("proxy-authorization").value_or(""));
  return request;
}

ProxyVerdict decide(const std::optional<ProxyRequest>& request, const scenario::ProxySpec& proxy,
                    const scenario::HostTable& hosts, const scenario::Scenario& scenario)
{
  if (!request) {
    return {400, "not an HTTP/1.x request", {}, 0};
  }
  if (!authorized(*request, proxy)) {
    return {407, "proxy authentication required", {}, 0};
  }
  if (request->method != "CONNECT") {
    return {405, fmt::format("method {} is not supported; only CONNECT", request->method), {}, 0};
  }
  if (request->port == 0) {
    return {400, fmt::format("bad CONNECT target '{}'", request->target), {}, 0};
  }
  if (!allowed(*request, proxy)) {
    return {403, fmt::format("{}:{} is not in the allow-list", request->host, request->port),
            {}, 0};
  }
  return tunnel_to(*request, hosts, scenario);
}

std::string proxy_error_response(const ProxyVerdict& verdict, const scenario::ProxySpec& proxy)
{
  const auto body = verdict.reason + "\n";
  const auto challenge = verdict.status == 407
                           ? "Proxy-Authenticate: Basic realm=\"emready-lab\"\r\n"
                           : "";
  return fmt::format("HTTP/1.1 {} {}\r\nServer: {}\r\nVia: 1.1 emready-lab ({})\r\n{}"
                     "Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                     verdict.status, status_text(verdict.status), proxy.product, proxy.product,
                     challenge, body.size(), body);
}

} // namespace emready::lab::proxy
