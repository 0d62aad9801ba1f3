#pragma once

#include "emready/probe/proxy_settings.hpp"

#include <string>

namespace emready::cli {

// How `check` is told who to be towards the proxy.
struct ProxyCredentialOptions
{
  std::string user;          // --proxy-user
  std::string password_file; // --proxy-password-file
  bool negotiate = false;    // --proxy-negotiate: Kerberos from the ticket cache
  std::string scheme = "any"; // --proxy-auth
  std::string ca_file;       // --proxy-ca-file
};

// The environment variable a password may come from.
inline constexpr const char* k_password_variable = "EMREADY_PROXY_PASSWORD";

// Puts the credentials into `proxy` (nullptr when no proxy is used: then any credential
// option is a usage error). The password of --proxy-user comes from --proxy-password-file
// (a regular file no one but its owner may read: mode 0600 or stricter), else from
// EMREADY_PROXY_PASSWORD, else from a prompt when stdin is a terminal. Throws
// core::InputError; no message ever holds the password.
void apply_proxy_credentials(const ProxyCredentialOptions& options, probe::ProxySettings* proxy,
                             const probe::EnvLookup& env);

// The password in `path`: its first line. Refused unless `path` is a regular file of at
// most 4 KiB whose mode gives group and others nothing.
std::string read_password_file(const std::string& path);

} // namespace emready::cli
