#pragma once

#include "emready/cli/proxy_credentials.hpp"
#include "emready/plan/target.hpp"
#include "emready/probe/proxy_settings.hpp"

#include <optional>
#include <string>
#include <vector>

namespace emready::cli {

// How `check` is told to use a PAC file.
struct PacOptions
{
  std::string pac;       // --pac FILE|URL
  bool wpad = false;     // --wpad: find it as browsers do
  double timeout = 2;    // --pac-timeout: seconds per FindProxyForURL call
};

// A PAC file and where it came from.
struct PacFile
{
  std::string name;    // the path or URL, for messages ("site.pac:3: …")
  std::string text;
  std::string found;   // how it was found: "--pac", "WPAD (DHCP option 252)", "WPAD (DNS)"
};

// Reads --pac FILE|URL (a URL is fetched directly, its host resolved through
// `dns_servers`), or with --wpad looks where browsers look: DHCP option 252 in the lease
// files that are readable, then http://wpad.<domain>/wpad.dat for each search domain of
// /etc/resolv.conf, longest first. Throws core::InputError saying what was tried.
PacFile load_pac(const PacOptions& options, const std::vector<std::string>& dns_servers);

// One way a host may be reached, as the PAC file lists them.
struct Route
{
  std::optional<probe::ProxySettings> proxy; // nullopt: DIRECT
  std::string text;                          // "PROXY proxy.corp:3128", "DIRECT"
};

// For each target, the routes FindProxyForURL("https://host[:port]/", host) gives, in order
// (myIpAddress() is `source_address` when given, else this machine's first IPv4 address),
// with the proxies carrying the credentials of `credentials` (--proxy-user, …). Routes
// emready cannot test (HTTPS proxies) are left out with a note in `notes`; a host left with
// none, or a PAC file that fails, is a core::InputError.
std::vector<std::vector<Route>> pac_routes(const PacFile& file, const std::vector<plan::Target>& targets,
                                           const std::vector<std::string>& dns_servers,
                                           const ProxyCredentialOptions& credentials,
                                           double timeout, const std::string& source_address,
                                           std::vector<std::string>& notes);

} // namespace emready::cli
