#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace emready::probe {

// The proxy the probes go through, and the hosts that bypass it.
struct ProxySettings
{
  std::string url;                   // as curl takes it, credentials included
  std::string display;               // the same without credentials, for reports
  std::string source;                // "--proxy" or the environment variable's name
  std::vector<std::string> no_proxy; // NO_PROXY entries (only for proxies from the environment)
  bool from_environment = false;     // this workstation's setting: the printers may have none

  // True when `host` is reached directly: a NO_PROXY entry is "*", the host, or a domain
  // it lies in (curl's rules: ".example.com" and "example.com" both cover a.example.com).
  bool bypassed(const std::string& host) const;

  // True when the URL carries credentials (user[:password]@).
  bool has_credentials() const;
};

// Reads an environment variable; empty when unset.
using EnvLookup = std::function<std::string(const char*)>;

// The proxy for a run: `explicit_url` when given (its source named `explicit_source`, e.g.
// the CLI's flag; "none" = no proxy), else HTTPS_PROXY / https_proxy with NO_PROXY /
// no_proxy from `env`, none when `disabled`. Throws core::InputError, naming the source, for a URL that is not
// http://[user:pass@]host:port (or https://).
std::optional<ProxySettings> proxy_settings(const std::string& explicit_url, bool disabled,
                                            const EnvLookup& env,
                                            const std::string& explicit_source);

} // namespace emready::probe
