#include "emready/check/remedy.hpp"

#include "emready/rules/proposal.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <optional>

namespace emready::check {

namespace {

// Where a failure is fixed; the order is the report's (places that allow first).
enum class Place
{
  firewall,
  dns_filter,
  proxy,
  tls_inspection,
  server,
  resolver,
  proxy_login,
  proxy_clients,
  proxy_path,
  proxy_software,
  beyond_proxy,
  device_family,
  deadline,
};

struct PlaceText
{
  const char* id;
  const char* title;
  const char* who;
  const char* action;
};

constexpr std::array<PlaceText, 13> k_places{{
  {"firewall", "Firewall", "the firewall admin",
   "Allow outbound TCP from the printers to these hosts and ports: the connections are dropped, "
   "refused, or stalled after the TLS ClientHello (SNI filtering)"},
  {"dns-filter", "DNS filter", "the DNS filter's admin (Cisco Umbrella, Pi-hole, an RPZ)",
   "Add the entries to the DNS filter's allow-list: the names are answered with a sinkhole "
   "address, NXDOMAIN or REFUSED. In a destination list an entry covers its domain and every "
   "subdomain; a firewall rule does not help while the name does not resolve"},
  {"proxy", "Proxy", "the proxy admin",
   "Add the entries to the proxy's allow-list: the proxy denies CONNECT to these hosts"},
  {"tls-inspection", "TLS inspection",
   "the admin of the inspecting proxy or firewall",
   "Exclude the hosts from TLS inspection (decryption): the printers trust only public CAs, "
   "and hosts with device certificates (mutual TLS) break under any inspection"},
  {"server", "The servers' TLS",
   "the endpoint's operator (for Canon's hosts, Canon eMaintenance support)",
   "No allow rule fixes a certificate or TLS fault of the server (or of what answers for it: an "
   "answer that is not TLS, an oversized chain, a stalled handshake). Before reporting it, check "
   "this machine's clock (expired or not-yet-valid certificates) and whether a middlebox "
   "rewrites TLS on the way"},
  {"resolver", "DNS resolver", "the DNS admin",
   "The resolver did not answer, failed (SERVFAIL) or sent replies that do not parse or match "
   "the query: check it, anything that rewrites DNS on the way, and that the printers may "
   "reach it on 53/udp and 53/tcp"},
  {"proxy-login", "Proxy login", "the proxy admin",
   "The proxy asks for credentials (407): exempt the printers from proxy authentication, or "
   "give the agents a proxy user"},
  {"proxy-clients", "Proxy client list", "the proxy admin",
   "The proxy refuses this client whatever the host: add the printers' network to its client "
   "access list (Squid 'http_access allow' with a src ACL, tinyproxy 'Allow')"},
  {"proxy-path", "The way to the proxy", "the network admin",
   "The proxy itself did not answer: check its address and port, and the firewall between the "
   "printers and the proxy"},
  {"proxy-software", "The proxy's protocol", "the proxy admin",
   "The proxy broke HTTP: its answer to CONNECT never ended or was oversized, or the tunnel it "
   "opened carried something other than the server's TLS (a page of its own). No allow rule "
   "fixes that: check the proxy's software and logs, and that the proxy given is a forward proxy"},
  {"beyond-proxy", "Beyond the proxy", "the proxy admin",
   "The proxy accepted the request but could not reach the host: check the firewall behind "
   "the proxy and the proxy's resolver"},
  {"device-family", "Address family", "the network admin",
   "The names have no address in the family the printers use (--device-family): check that "
   "setting, or give the printers the other family"},
  {"deadline", "Not checked", "whoever runs emready",
   "The run's --deadline passed before these probes finished: run again with a longer deadline"},
}};

std::optional<Place> place_of(const Finding& finding)
{
  if (finding.verdict == Verdict::ok) {
    return std::nullopt;
  }
  if (finding.beyond_proxy) {
    return Place::beyond_proxy;
  }
  if (finding.client_refused) {
    return Place::proxy_clients;
  }
  if (finding.server_fault) {
    return Place::server;
  }
  switch (finding.verdict) {
  case Verdict::dns_nxdomain:
  case Verdict::dns_refused:
  case Verdict::dns_sinkhole: return Place::dns_filter;
  case Verdict::dns_timeout:
  case Verdict::dns_malformed:
  case Verdict::dns_servfail: return Place::resolver;
  case Verdict::dns_no_address: return Place::device_family;
  case Verdict::tcp_refused:
  case Verdict::tcp_timeout:
  case Verdict::tcp_unreachable:
  case Verdict::tls_timeout:
  case Verdict::tls_handshake_failed: return Place::firewall;
  case Verdict::tls_untrusted: return Place::tls_inspection;
  case Verdict::tls_incomplete_chain:
  case Verdict::tls_expired:
  case Verdict::tls_not_yet_valid:
  case Verdict::tls_name_mismatch:
  case Verdict::tls_old_protocol:
  case Verdict::tls_alpn_refused: return Place::server;
  case Verdict::proxy_denied: return Place::proxy;
  case Verdict::proxy_auth_required: return Place::proxy_login;
  case Verdict::proxy_unreachable: return Place::proxy_path;
  case Verdict::proxy_upstream_failed: return Place::beyond_proxy;
  case Verdict::proxy_protocol_error: return Place::proxy_software;
  case Verdict::not_run: return Place::deadline;
  case Verdict::ok: break;
  }
  return std::nullopt;
}

bool allows(Place place)
{
  return place == Place::firewall || place == Place::dns_filter || place == Place::proxy;
}

// The dialect a place's rules are written in.
const rules::Dialect& dialect_for(Place place, const rules::Dialect& chosen)
{
  const auto device = rules::device_of(chosen);
  switch (place) {
  case Place::firewall:
    return device == rules::Device::firewall || device == rules::Device::any ? chosen
                                                                             : rules::dialect_named("plain");
  case Place::proxy:
    return device == rules::Device::proxy || device == rules::Device::any ? chosen
                                                                          : rules::dialect_named("squid");
  default: // DNS filters match names without ports: a port-carrying plain list would mislead
    return device == rules::Device::dns_filter ? chosen : rules::dialect_named("umbrella");
  }
}

// The ports of `host` in a clause some agent's need leaves unmet.
std::vector<std::uint16_t> unmet_ports(const HostResult& host)
{
  const auto working = host.working_ports();
  std::vector<std::uint16_t> out;
  for (const auto& need : host.target->needs) {
    for (const auto& clause : need.clauses) {
      if (plan::meets({clause}, working)) {
        continue;
      }
      for (const auto port : clause) {
        if (std::find(out.begin(), out.end(), port) == out.end()) {
          out.push_back(port);
        }
      }
    }
  }
  return out;
}

std::string endpoint_text(const HostResult& host, const PortResult& port)
{
  return fmt::format("{}:{} ({})", host.target->host, port.port, to_string(port.finding.verdict));
}

} // namespace

bool allow_rule_fixes(const Finding& finding)
{
  const auto place = place_of(finding);
  return place && allows(*place);
}

std::vector<Remedy> remedies(const CheckResult& result, const rules::Dialect& chosen,
                             const std::vector<const profile::Profile*>& profiles)
{
  std::array<Remedy, k_places.size()> by_place;
  std::array<std::vector<rules::TargetCoverage>, k_places.size()> coverage;
  for (const auto& host : result.hosts) {
    const auto unmet = unmet_ports(host);
    if (unmet.empty()) {
      continue;
    }
    std::array<bool, k_places.size()> seen{};
    for (const auto& port : host.ports) {
      const auto place = place_of(port.finding);
      if (place && std::find(unmet.begin(), unmet.end(), port.port) != unmet.end()) {
        seen[static_cast<std::size_t>(*place)] = true;
      }
    }
    for (std::size_t p = 0; p < k_places.size(); ++p) {
      if (!seen[p]) {
        continue;
      }
      const auto place = static_cast<Place>(p);
      // As the allow-list audit sees the host, counting only this place's failures as
      // blocked: a rule is proposed only where this place's rule is what is missing.
      rules::TargetCoverage covered;
      covered.target = host.target;
      for (const auto& port : host.ports) {
        const bool blocked = place_of(port.finding) == place;
        covered.ports.push_back({port.port, blocked ? std::nullopt : std::optional<std::size_t>(0)});
      }
      if (allows(place) && covered.unmet_clauses().empty()) {
        continue;
      }
      covered.status = rules::TargetCoverage::Status::not_covered;
      for (const auto& port : host.ports) {
        if (place_of(port.finding) == place && std::find(unmet.begin(), unmet.end(), port.port) != unmet.end()) {
          by_place[p].endpoints.push_back(endpoint_text(host, port));
        }
      }
      coverage[p].push_back(std::move(covered));
    }
  }
  const auto recommended = rules::recommended_domains(profiles);
  std::vector<Remedy> out;
  for (std::size_t p = 0; p < k_places.size(); ++p) {
    const auto place = static_cast<Place>(p);
    auto& remedy = by_place[p];
    if (place == Place::tls_inspection && result.interception_seen) {
      remedy.bypass_hosts = result.bypass_hosts;
      const auto device = rules::device_of(chosen);
      if (device == rules::Device::proxy || device == rules::Device::inspection) {
        remedy.dialect = std::string(chosen.info().name); // Squid's splice, PAN-OS exclusions
      }
    }
    if (remedy.endpoints.empty() && remedy.bypass_hosts.empty()) {
      continue;
    }
    const auto& text = k_places[p];
    remedy.place = text.id;
    remedy.title = text.title;
    remedy.who = text.who;
    remedy.action = text.action;
    if (allows(place)) {
      const auto& dialect = dialect_for(place, chosen);
      remedy.dialect = std::string(dialect.info().name);
      remedy.rules = rules::propose(dialect, coverage[p], recommended);
    }
    out.push_back(std::move(remedy));
  }
  return out;
}

} // namespace emready::check
