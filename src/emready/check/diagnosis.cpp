#include "emready/check/diagnosis.hpp"

#include <algorithm>
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

std::string servers_text(const DiagnosisContext& context)
{
  return context.dns_servers.empty() ? std::string("the system's resolvers (/etc/resolv.conf)")
                                     : fmt::format("{}", fmt::join(context.dns_servers, ", "));
}

} // namespace

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
  each_failure(result, [&](const HostResult& host, const PortResult& port) {
    const auto name = endpoint_name(host, port);
    if (!explained.count(name)) {
      unexplained.push_back(fmt::format("{}: {}", name, to_string(port.finding.verdict)));
    }
  });
  return causes;
}

} // namespace emready::check
