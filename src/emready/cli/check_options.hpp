#pragma once

#include "emready/check/analyse.hpp"
#include "emready/cli/pac_routes.hpp"
#include "emready/cli/proxy_credentials.hpp"
#include "emready/probe/engine.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace emready::cli {

// Everything `emready check` takes on the command line.
struct CheckOptions
{
  std::vector<std::string> agents;
  std::vector<std::string> dns_servers;
  bool only_ipv4 = false;
  bool only_ipv6 = false;
  std::string device_family = "ipv4";
  std::string source_address; // --source-address: probe from the printers' network
  std::string interface;      // --interface
  std::string proxy;
  bool no_proxy = false;
  ProxyCredentialOptions proxy_auth;
  PacOptions pac;
  std::string ca_file;
  double dns_timeout = 3;
  double tcp_timeout = 5;
  double tls_timeout = 5;
  double deadline = 0;          // 0: none
  std::size_t concurrency = 512;
  std::string dialect = "plain";
  std::string format = "text";
  std::string output;
  bool verbose = false;       // -v: full evidence for ok rows in the text report
  std::vector<std::string> port_map;     // "443=10443"
  std::vector<std::string> accept_ranges; // CIDRs whose answers are not sinkholes
  double every = 0;            // --every: seconds between runs, 0 for one run
  std::string history = "emready-history"; // --history: where each repeated run's JSON goes
  unsigned runs = 0;           // --runs: stop after this many repeated runs, 0 for never
};

// Seconds in "90", "90s", "15m", "1h", "1d" (1 s .. 366 d); CLI::ValidationError naming
// `option` otherwise.
double parse_interval(const std::string& text, const std::string& option = "--every");

// Adds what decides a run's probes (agents, resolver, source, proxy or PAC file, trust,
// timeouts, deadline, concurrency, dialect, port maps): `check`'s and `serve`'s options.
void add_probe_options(CLI::App& command, CheckOptions& options);

// Adds the probe options, then check's own (--every, format, output), help footer and
// examples to `command`.
void add_check_options(CLI::App& command, CheckOptions& options);

// The engine's settings from the options and the environment (proxy variables). Throws
// core::InputError for malformed values.
probe::EngineOptions engine_options_from(const CheckOptions& options);

// How the observations are judged: accepted ranges and the devices' family. Throws
// core::InputError when -4/-6 leave out the family the devices use.
check::Judging judging_from(const CheckOptions& options);

} // namespace emready::cli
