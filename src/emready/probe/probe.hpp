#pragma once

#include "emready/probe/observation.hpp"
#include "emready/probe/proxy_settings.hpp"
#include "emready/probe/trust_store.hpp"

#include <chrono>
#include <curl/curl.h>
#include <memory>
#include <openssl/ssl.h>

namespace emready::probe {

using Clock = std::chrono::steady_clock;

// What to probe: one address of a host (or the host through a proxy) on one port.
struct ProbeSpec
{
  std::string host;                      // the name sent as SNI
  std::uint16_t port = 443;
  std::uint16_t connect_port = 443;      // where to connect (differs under --port-map)
  std::string address;                   // "" when the proxy resolves
  int family = 0;
  bool mqtt_alpn = false;                // offer ALPN x-amzn-mqtt-ca (MQTT on 443)
  const ProxySettings* proxy = nullptr;
  std::size_t tag = 0;                   // the caller's index
};

// Per-phase time limits.
struct Timeouts
{
  std::chrono::milliseconds dns{3000};
  std::chrono::milliseconds tcp{5000};
  std::chrono::milliseconds tls{5000};
};

// One TCP connect + TLS handshake as a libcurl easy handle (CONNECT_ONLY), with OpenSSL hooks
// that record what the server sent; the chain is verified afterwards against the device
// trust set, not by libcurl.
class Probe
{
public:
  Probe(ProbeSpec spec, const Timeouts& timeouts, const TrustStore& trust);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  // The easy handle to add to a multi handle.
  CURL* handle() const { return m_curl; }
  const ProbeSpec& spec() const { return m_spec; }

  // The phase whose time limit has passed at `now`, or Timeout::none.
  Timeout overdue(Clock::time_point now) const;

  // Fills the observation once libcurl is done with `result`.
  void finish(CURLcode result);

  // Fills the observation for a probe stopped because `phase` ran out of time.
  void abandon(Timeout phase);

  const Observation& observation() const { return m_observation; }

private:
  static CURLcode on_ssl_context(CURL* curl, void* ssl_context, void* self);
  static int on_verify(X509_STORE_CTX* context, void* self);
  static int on_client_cert(SSL* ssl, X509** cert, EVP_PKEY** key);
  static void on_info(const SSL* ssl, int where, int ret);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static Probe* from_ssl(const SSL* ssl);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int on_close_socket(void* self, curl_socket_t socket);
  bool tcp_up(Clock::time_point now) const;
  void collect();

  ProbeSpec m_spec;
  Timeouts m_timeouts;
  const TrustStore& m_trust;
  CURL* m_curl = nullptr;
  curl_slist* m_connect_to = nullptr;
  char m_error[CURL_ERROR_SIZE] = {};
  Clock::time_point m_start;
  Clock::time_point m_tls_start;
  Clock::time_point m_connect_answer; // when the proxy answered CONNECT
  bool m_connect_answered = false;
  curl_socket_t m_socket = CURL_SOCKET_BAD;     // the connection's socket, while open
  mutable bool m_connected = false;             // TCP (to the host or the proxy) seen up
  mutable Clock::time_point m_connected_at;
  STACK_OF(X509)* m_chain = nullptr;
  Observation m_observation;
};

} // namespace emready::probe
