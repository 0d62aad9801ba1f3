#pragma once

#include "emready/lab/net/connections.hpp"
#include "emready/lab/net/fd.hpp"
#include "emready/lab/net/log.hpp"
#include "emready/lab/tls/tls_contexts.hpp"

#include <openssl/ssl.h>

#include <functional>
#include <string>

namespace emready::lab::tls {

// What serves a connection once its handshake completed, given the SSL, the listener's host
// and "host address:port" for the log; returns when the connection is over. The server
// hands in the services' (services::serve_established).
using EstablishedHandler =
  std::function<void(SSL* ssl, const std::string& host, const std::string& where)>;

// Everything one TLS listener's connections need; owned by the server, outliving them.
struct TlsService
{
  TlsEndpoint endpoint;
  std::string where;      // "host address:port" for the log
  unsigned delay_ms = 0;  // for TlsFault::delay
  const TlsContexts* contexts = nullptr;
  net::Connections* connections = nullptr;
  const net::EventLog* log = nullptr;
  const EstablishedHandler* established = nullptr; // serves it after a completed handshake
};

// Serves one accepted connection as the listener's fault says (after a completed handshake:
// the service's `established` handler); returns when it is over.
void serve_tls_connection(net::Fd fd, const TlsService& service);

} // namespace emready::lab::tls
