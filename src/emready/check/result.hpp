#pragma once

#include "emready/check/classify.hpp"
#include "emready/check/device_family.hpp"
#include "emready/plan/target.hpp"
#include "emready/rules/dialect.hpp"

#include <optional>
#include <string>
#include <vector>

namespace emready::check {

// One probe and its verdict.
struct ProbeResult
{
  Observation observation;
  Finding finding;
};

// One port of a host: the verdict over all its addresses.
struct PortResult
{
  std::uint16_t port = 0;
  Finding finding;
  std::vector<ProbeResult> probes; // per address (or the one tunnel)
};

// One host: DNS, every port, and whether its agents' port clauses are met.
struct HostResult
{
  const plan::Target* target = nullptr;
  bool proxied = false;
  std::vector<dns::Answer> answers;
  Finding dns;                       // ok when an address was usable (or proxied)
  std::vector<std::string> warnings;
  std::vector<PortResult> ports;
  Finding finding;                   // the host's verdict: ok when its clauses are met
  std::string route;                 // the PAC file's route taken, "" without a PAC file
  std::vector<std::string> route_failovers; // earlier routes that failed, and why

  // "PROXY a:3128 (PAC; PROXY b:3128 unreachable: …)", "" without a PAC file.
  std::string route_text() const;

  // The ports that work.
  std::vector<std::uint16_t> working_ports() const;
};

// Whether one agent can work from this network.
struct AgentResult
{
  std::string agent;
  bool ready = true;
  std::vector<std::string> failed_required;    // hosts
  std::vector<std::string> failed_conditional; // hosts needed only under a condition
};

// One root cause that explains several failures at once (check/diagnosis.hpp).
struct Cause
{
  std::string kind;                   // "no-resolver", "dns-filter", "egress-drop",
                                      // "interception", "proxy-denies-domain"
  std::string summary;                // one sentence for the admin
  std::string action;                 // what to do about it
  std::vector<std::string> endpoints; // "host:port" it explains
};

// The fix for a set of failing endpoints, where it is made and by whom (check/remedy.hpp).
struct Remedy
{
  std::string place;       // "firewall", "dns-filter", "proxy" (these allow), "tls-inspection",
                           // "server", "resolver", "proxy-login", "proxy-clients", "proxy-path",
                           // "beyond-proxy", "device-family", "deadline" (nothing to allow)
  std::string title;       // "Firewall"
  std::string who;         // "the firewall admin"
  std::string action;      // what to do
  std::vector<std::string> endpoints;     // "host:port (verdict)"
  std::string dialect;                    // the terms of `rules` (for "tls-inspection": of the
                                          // bypass list, when --dialect can say it); "" = none
  std::vector<rules::ProposedRule> rules; // wildcards first; empty when nothing to allow
  std::vector<std::string> bypass_hosts;  // "tls-inspection": the hosts to exempt

  bool allows() const { return !rules.empty(); }
};

// This machine's clock against a server's `Date` (read when certificates looked out of date).
struct ClockReading
{
  std::string url;          // where the Date came from
  long long skew_s = 0;     // this machine's clock minus the server's, in seconds
  long long server_time = 0; // the server's Date, as a Unix time
};

// Everything a check found, ready for a report.
struct CheckResult
{
  std::vector<HostResult> hosts;
  std::vector<AgentResult> agents;
  std::vector<rules::ProposedRule> missing_rules; // wildcards first, then the exceptions
  std::vector<std::string> bypass_hosts;          // exempt from TLS inspection (when seen)
  bool interception_seen = false;
  std::string dialect;
  std::string trust;                              // the trust set's description
  std::string proxy;                              // the proxy used, "" for none
  bool proxy_from_environment = false;            // this workstation's proxy, not the devices'
  std::string pac;                                // the PAC file that routed each host, "" for none
  std::string sent_from;                          // "--source-address 10.20.0.5", "" for the default
  DeviceFamily devices = DeviceFamily::ipv4;      // the family that decided readiness
  bool probed_ipv4 = true;                        // the families resolved and probed
  bool probed_ipv6 = true;
  double elapsed_ms = 0;
  std::string started_at;                         // RFC 3339 UTC, e.g. "2026-02-01T09:30:00Z"
  std::string finished_at;
  std::string hostname;                           // of the machine that ran the check
  std::vector<Cause> diagnosis;                   // root causes first (check::diagnose)
  std::vector<std::string> unexplained;           // failures no cause explains
  std::vector<Remedy> remedies;                   // where each fix goes (check/remedy.hpp)
  std::optional<ClockReading> clock;              // read when a certificate looked out of date

  // True when every agent is ready.
  bool ready() const;
};

} // namespace emready::check
