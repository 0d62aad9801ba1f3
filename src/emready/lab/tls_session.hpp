#pragma once

#include "emready/lab/connections.hpp"
#include "emready/lab/fd.hpp"
#include "emready/lab/log.hpp"
#include "emready/lab/services/api.hpp"
#include "emready/lab/tls_contexts.hpp"

#include <cstdint>
#include <string>

namespace emready::lab {

// Everything one TLS listener's connections need; owned by the server, outliving them.
struct TlsService
{
  TlsEndpoint endpoint;
  std::string where;      // "host address:port" for the log
  unsigned delay_ms = 0;  // for TlsFault::delay
  const TlsContexts* contexts = nullptr;
  Connections* connections = nullptr;
  const EventLog* log = nullptr;
  services::Api* api = nullptr; // answers HTTP after a completed handshake
};

// Serves one accepted connection as the listener's fault says (after a completed handshake:
// the services' API, see services::serve_http); returns when it is over.
void serve_tls_connection(Fd fd, const TlsService& service);

// A minimal HTTP/1.1 200 response with {"host": HOST, "lab": true}.
std::string lab_http_response(const std::string& host);

} // namespace emready::lab
