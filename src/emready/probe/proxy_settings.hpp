#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace emready::probe {

// Which authentication schemes may be answered to a proxy's 407 (libcurl picks the safest
// one the proxy offers among them).
enum class ProxyAuth
{
  any,       // Negotiate, NTLM, Digest or Basic, whichever the proxy offers
  basic,
  digest,
  ntlm,
  negotiate, // Kerberos/SPNEGO from the ticket cache: no password
};

// "any", "basic", "digest", "ntlm", "negotiate".
const std::vector<std::string>& proxy_auth_names();

// The scheme named `name`, or nullopt.
std::optional<ProxyAuth> parse_proxy_auth(const std::string& name);

// Who to be towards the proxy. The password is never part of any text emready prints.
struct ProxyCredentials
{
  std::string user;
  std::string password;
  ProxyAuth scheme = ProxyAuth::any;

  // True when something will be sent on a 407 (a user, or a Kerberos ticket).
  bool present() const { return !user.empty() || scheme == ProxyAuth::negotiate; }
};

// The proxy the probes go through, and the hosts that bypass it.
struct ProxySettings
{
  std::string url;                   // scheme://host:port, without credentials
  std::string display;               // the same, for reports
  std::string source;                // "--proxy" or the environment variable's name
  std::vector<std::string> no_proxy; // NO_PROXY entries (only for proxies from the environment)
  bool from_environment = false;     // this workstation's setting: the printers may have none
  ProxyCredentials credentials;      // from the URL's user:password@, or given apart
  std::string ca_file;               // https:// proxies: CAs for its certificate ("" = this
                                     // workstation's, as its browser would check it)

  // True when `host` is reached directly: a NO_PROXY entry is "*", the host, or a domain
  // it lies in (curl's rules: ".example.com" and "example.com" both cover a.example.com).
  bool bypassed(const std::string& host) const;

  // True when credentials will be offered to the proxy.
  bool has_credentials() const { return credentials.present(); }

  // True for a SOCKS proxy (no HTTP CONNECT answer to read).
  bool socks() const;

  // True for an https:// proxy: TLS to the proxy, the tunnel inside it.
  bool tls_to_proxy() const { return url.rfind("https://", 0) == 0; }
};

// Reads an environment variable; empty when unset.
using EnvLookup = std::function<std::string(const char*)>;

// The proxy for a run: `explicit_url` when given (its source named `explicit_source`, e.g.
// the CLI's flag; "none" = no proxy), else HTTPS_PROXY / https_proxy, then ALL_PROXY /
// all_proxy, with NO_PROXY / no_proxy from `env`; none when `disabled`. The URL is read by
// libcurl's own parser; credentials in it are taken out (percent-decoded) into
// `credentials`. Throws core::InputError, naming the source but never the password, for a
// URL that is not scheme://[user:pass@]host:port with scheme http, https, socks4, socks4a,
// socks5 or socks5h.
std::optional<ProxySettings> proxy_settings(const std::string& explicit_url, bool disabled,
                                            const EnvLookup& env,
                                            const std::string& explicit_source);

// True when `env` names a proxy (the variables proxy_settings reads, in its order): this
// workstation has one, whether or not the run used it.
bool environment_has_proxy(const EnvLookup& env);

// `url` with its password replaced by "***" (for messages about a URL someone typed).
std::string redact_url(const std::string& url);

} // namespace emready::probe
