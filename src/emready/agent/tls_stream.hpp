#pragma once

#include "emready/handle/handles.hpp"

#include "emready/agent/route.hpp"

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace emready::agent {

// A verified TLS connection to host:port along a Route (libcurl CONNECT_ONLY), for the
// MQTT session: SNI and certificate name are the host's even when another address or port
// is dialled, and the tunnel goes through the proxy when there is one.
class TlsStream
{
public:
  // Connects and handshakes; `alpn` ("" for none) is offered instead of curl's list.
  // Throws std::runtime_error with curl's reason when it fails.
  TlsStream(const Route& route, const std::string& host, std::uint16_t port,
            const std::string& alpn);
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // Sends everything or throws std::runtime_error.
  void send(const std::vector<std::uint8_t>& data);
  // Receives at least one byte within the route's timeout; empty when the peer closed.
  std::vector<std::uint8_t> receive();

  // The negotiated ALPN protocol ("" when none).
  const std::string& alpn() const { return m_alpn; }
  // For the SSL_CTX hook: the ALPN offer in wire form, and where the choice goes.
  const std::string& alpn_offer() const { return m_offer; }
  std::string& alpn_chosen() { return m_alpn; }
  // The local IP address of the connection (the device's address as the backend sees it).
  std::string local_ip() const;

private:
  void wait(bool for_reading) const;

  handle::Owned<curl_slist> m_connect_to; // outlives the handle pointing to it
  handle::CurlEasy m_curl;
  std::string m_offer; // ALPN offer in wire form
  std::string m_alpn;
  long m_timeout_ms;
};

} // namespace emready::agent
