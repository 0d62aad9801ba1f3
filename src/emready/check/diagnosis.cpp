#include "emready/check/diagnosis.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <fmt/format.h>
#include <map>
#include <set>

namespace emready::check {

namespace {

std::string endpoint_name(const HostResult& host, const PortResult& port)
{
  return fmt::format("{}:{}", host.target->host, port.port);
}

// The failing ports that matter: required or not, every port whose verdict is not ok and
// whose host does not meet its clauses anyway.
template <typename Visit>
void each_failure(const CheckResult& result, Visit visit)
{
  for (const auto& host : result.hosts) {
    if (host.finding.verdict == Verdict::ok) {
      continue; // another port serves it: nothing to explain
    }
    for (const auto& port : host.ports) {
      if (port.finding.verdict != Verdict::ok) {
        visit(host, port);
      }
    }
  }
}

// The issuer of the chain an untrusted port showed.
std::string untrusted_issuer(const PortResult& port)
{
  for (const auto& probe : port.probes) {
    const auto& chain = probe.observation.tls.chain;
    if (!chain.empty()) {
      return chain.back().issuer;
    }
  }
  return "";
}

// "srv.ygles.com" for "gw.srv.ygles.com": the name without its first label, as a proxy's
// domain rule names it.
std::string parent_domain(const std::string& host)
{
  const auto dot = host.find('.');
  return dot == std::string::npos ? host : host.substr(dot + 1);
}

// "2025-01-01T23:59:59Z" as a Unix time; nullopt when not in that form.
std::optional<long long> unix_time(const std::string& iso)
{
  std::tm tm{};
  char zone = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &zone) != 7 || zone != 'Z') {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(timegm(&tm));
}

// True when every certificate the port's server sent is valid at `when`: the clock, not the
// server, is what is wrong.
bool valid_at(const PortResult& port, long long when)
{
  for (const auto& probe : port.probes) {
    const auto& chain = probe.observation.tls.chain;
    if (chain.empty()) {
      continue;
    }
    return std::all_of(chain.begin(), chain.end(), [&](const CertInfo& cert) {
      const auto from = unix_time(cert.not_before);
      const auto to = unix_time(cert.not_after);
      return from && to && *from <= when && when <= *to;
    });
  }
  return false;
}

std::string servers_text(const DiagnosisContext& context)
{
  return context.dns_servers.empty() ? std::string("the system's resolvers (/etc/resolv.conf)")
                                     : fmt::format("{}", fmt::join(context.dns_servers, ", "));
}

} // namespace

std::string duration_text(long long seconds)
{
  const auto s = seconds < 0 ? -seconds : seconds;
  if (s < 120) {
    return fmt::format("{} s", s);
  }
  if (s < 2 * 3600) {
    return fmt::format("{} min", s / 60);
  }
  if (s < 2 * 86400) {
    return s % 3600 / 60 == 0 ? fmt::format("{} h", s / 3600) : fmt::format("{} h {} min", s / 3600, s % 3600 / 60);
  }
  return fmt::format("{} days", s / 86400);
}

std::vector<Cause> diagnose(const CheckResult& result, const DiagnosisContext& context,
                            std::vector<std::string>& unexplained)
{
  std::vector<Cause> causes;
  std::set<std::string> explained;
  const auto add = [&](Cause cause) {
    if (cause.endpoints.size() < 2) {
      return;
    }
    for (const auto& endpoint : cause.endpoints) {
      explained.insert(endpoint);
    }
    causes.push_back(std::move(cause));
  };

  // No resolver: every host looked up locally timed out.
  {
    Cause cause{"no-resolver", "", "", {}};
    std::size_t looked_up = 0;
    std::string detail;
    for (const auto& host : result.hosts) {
      if (host.proxied) {
        continue;
      }
      ++looked_up;
      if (host.dns.verdict == Verdict::dns_timeout) {
        for (const auto& port : host.ports) {
          cause.endpoints.push_back(endpoint_name(host, port));
        }
        for (const auto& answer : host.answers) {
          if (detail.empty() && !answer.detail.empty()) {
            detail = answer.detail;
          }
        }
      }
    }
    const auto timed_out = std::count_if(result.hosts.begin(), result.hosts.end(), [](const auto& host) {
      return !host.proxied && host.dns.verdict == Verdict::dns_timeout;
    });
    if (looked_up >= 2 && static_cast<std::size_t>(timed_out) == looked_up) {
      cause.summary = fmt::format("No DNS resolver answered: {} gave no answer for any host{}", servers_text(context),
                                  detail.empty() ? "" : " (" + detail + ")");
      cause.action = "check that this machine reaches its DNS servers on port 53 (UDP and TCP), or give "
                     "--dns-server with the resolver the printers use";
      add(std::move(cause));
    }
  }

  // A DNS filter: several hosts answered with sinkhole addresses.
  {
    Cause cause{"dns-filter", "", "", {}};
    each_failure(result, [&](const HostResult& host, const PortResult& port) {
      if (port.finding.verdict == Verdict::dns_sinkhole) {
        cause.endpoints.push_back(endpoint_name(host, port));
      }
    });
    cause.summary = fmt::format("A DNS filter sinkholes {} endpoints (it answers with addresses no public "
                                "host has)", cause.endpoints.size());
    cause.action = "add these hosts to the DNS filter's allow-list (the rules below, in its dialect)";
    add(std::move(cause));
  }

  // The same port silently dropped to every host that needs it: a perimeter egress block.
  {
    std::map<std::uint16_t, std::pair<std::size_t, std::vector<std::string>>> by_port; // tried, dropped
    for (const auto& host : result.hosts) {
      for (const auto& port : host.ports) {
        if (!port.probes.empty()) {
          auto& entry = by_port[port.port];
          ++entry.first;
          if (port.finding.verdict == Verdict::tcp_timeout && !port.finding.beyond_proxy) {
            entry.second.push_back(endpoint_name(host, port));
          }
        }
      }
    }
    for (auto& [port, entry] : by_port) {
      if (entry.second.size() < 2 || entry.second.size() != entry.first) {
        continue;
      }
      Cause cause{"egress-drop",
                  fmt::format("Port {} is silently dropped to every host ({} endpoints): a perimeter "
                              "firewall blocks outbound {}",
                              port, entry.second.size(), port),
                  context.environment_proxy
                    ? "a proxy is configured in this workstation's environment: test through it (leave "
                      "out --no-proxy / --proxy none) and give the printers the same proxy, or allow "
                      "the port outbound"
                    : fmt::format("allow outbound TCP {} to these hosts (the rules below)", port),
                  std::move(entry.second)};
      add(std::move(cause));
    }
  }

  // One interception product: the same untrusted issuer on several hosts.
  {
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> by_issuer; // product, endpoints
    each_failure(result, [&](const HostResult& host, const PortResult& port) {
      if (port.finding.verdict == Verdict::tls_untrusted) {
        auto& entry = by_issuer[untrusted_issuer(port)];
        entry.first = port.finding.interception;
        entry.second.push_back(endpoint_name(host, port));
      }
    });
    for (auto& [issuer, entry] : by_issuer) {
      Cause cause{"interception",
                  fmt::format("One TLS-inspection product intercepts {} endpoints: they all show "
                              "certificates issued by \"{}\"{}",
                              entry.second.size(), issuer,
                              entry.first.empty() ? "" : " (" + entry.first + ")"),
                  "exclude these hosts from TLS inspection (the bypass list below): the printers do "
                  "not trust the inspection CA",
                  std::move(entry.second)};
      add(std::move(cause));
    }
  }

  // A proxy that denies a whole domain.
  {
    std::map<std::string, std::vector<std::string>> by_domain;
    each_failure(result, [&](const HostResult& host, const PortResult& port) {
      if (port.finding.verdict == Verdict::proxy_denied && !port.finding.client_refused) {
        by_domain[parent_domain(host.target->host)].push_back(endpoint_name(host, port));
      }
    });
    for (auto& [domain, endpoints] : by_domain) {
      Cause cause{"proxy-denies-domain",
                  fmt::format("The proxy denies {} ({} endpoints)", domain, endpoints.size()),
                  fmt::format("allow .{} on the proxy (the rules below)", domain), std::move(endpoints)};
      add(std::move(cause));
    }
  }

  std::stable_sort(causes.begin(), causes.end(),
                   [](const Cause& a, const Cause& b) { return a.endpoints.size() > b.endpoints.size(); });

  // A wrong clock makes good certificates look expired (or not yet valid): it comes first.
  if (result.clock && std::abs(result.clock->skew_s) > k_clock_skew_limit_s) {
    Cause cause{"clock-skew", "", "", {}};
    each_failure(result, [&](const HostResult& host, const PortResult& port) {
      if ((port.finding.verdict == Verdict::tls_expired || port.finding.verdict == Verdict::tls_not_yet_valid) &&
          valid_at(port, result.clock->server_time)) {
        cause.endpoints.push_back(endpoint_name(host, port));
      }
    });
    if (!cause.endpoints.empty()) {
      cause.summary = fmt::format("This machine's clock is {} {} the servers' (the Date header of {}): "
                                  "certificates are judged against a wrong time",
                                  duration_text(result.clock->skew_s),
                                  result.clock->skew_s > 0 ? "ahead of" : "behind", result.clock->url);
      cause.action = "set this machine's clock (NTP) and run again before acting on the certificate "
                     "verdicts; the printers need a correct clock too";
      for (const auto& endpoint : cause.endpoints) {
        explained.insert(endpoint);
      }
      causes.insert(causes.begin(), std::move(cause));
    }
  }
  each_failure(result, [&](const HostResult& host, const PortResult& port) {
    const auto name = endpoint_name(host, port);
    if (!explained.count(name)) {
      unexplained.push_back(fmt::format("{}: {}", name, to_string(port.finding.verdict)));
    }
  });
  return causes;
}

} // namespace emready::check
