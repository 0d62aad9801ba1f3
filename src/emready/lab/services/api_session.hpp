#pragma once

#include "emready/lab/net/log.hpp"
#include "emready/lab/services/api.hpp"

#include <openssl/ssl.h>

#include <string>

namespace emready::lab::services {

// How serve_http ended.
struct HttpSessionEnd
{
  bool not_http = false; // the client speaks another protocol (e.g. MQTT)
  std::string received;  // then: the bytes read so far, for whoever serves that protocol
};

// Serves one established TLS connection: requests under /v1 go to `api` (keep-alive until
// "Connection: close", an error or the peer closing); any other HTTP request gets the plain
// lab answer for `host` and the connection closes. Returns at the end, or as soon as the
// first bytes are not HTTP. With a verbose `log`, one line per request.
HttpSessionEnd serve_http(SSL* ssl, Api& api, const std::string& host, const net::EventLog& log);

// Serves one connection whose TLS handshake completed (on a listener for `host`; `where` is
// "host address:port" for the log): HTTP as serve_http says; when the first bytes are not
// HTTP, an MQTT session with the broker through an MqttBridge to `api`, or for any other
// protocol, reads until the client closes.
void serve_established(SSL* ssl, Api& api, const std::string& host, const net::EventLog& log,
                       const std::string& where);

} // namespace emready::lab::services
