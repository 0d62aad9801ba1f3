#pragma once

#include "emready/lab/scenario/fault.hpp"
#include "emready/lab/tls/lab_pki.hpp"
#include "emready/lab/tls/openssl_ptr.hpp"

#include <map>
#include <string>
#include <utility>

namespace emready::lab::tls {

// The credentials of every (host, fault) the lab serves, for choosing a certificate by SNI.
using CredentialStore = std::map<std::pair<std::string, scenario::TlsFault>, Credentials>;

// What one TLS listener presents; attached to each of its connections.
struct TlsEndpoint
{
  std::string host;
  scenario::TlsFault fault = scenario::TlsFault::ok;
  const Credentials* credentials = nullptr; // by address: the listener's host
  const CredentialStore* store = nullptr;   // by SNI: another served host, if named
};

// The lab's TLS server contexts: modern (TLS 1.2+), old-protocol (TLS 1.0/1.1 only) and
// client-certificate-required. Certificates are set per connection by a cert callback.
class TlsContexts
{
public:
  TlsContexts();

  // The context for connections of a listener with `fault`.
  SSL_CTX* for_fault(scenario::TlsFault fault) const;

  // A new server SSL on `fd` for `endpoint` (which must outlive it).
  SslPtr make_ssl(int fd, const TlsEndpoint& endpoint) const;

private:
  SslCtxPtr m_modern;
  SslCtxPtr m_old;
  SslCtxPtr m_client_cert;
};

} // namespace emready::lab::tls
