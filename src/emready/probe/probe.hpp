#pragma once
// Internal to the network layer: included by engine.cpp only.

#include "emready/check/observation.hpp"
#include "emready/handle/handles.hpp"
#include "emready/probe/probe_spec.hpp"
#include "emready/probe/resolver.hpp"
#include "emready/probe/tls_client.hpp"
#include "emready/probe/trust_store.hpp"

#include <memory>

namespace emready::probe {

// One probe: libcurl makes the connection (TCP to the address, or to the proxy and through
// its CONNECT tunnel: proxy handling and authentication stay libcurl's), then the handshake
// runs on that socket with OpenSSL and the run's shared TLS context. The chain is verified
// against the device trust set, not by libcurl.
class Probe
{
public:
  Probe(ProbeSpec spec, const Timeouts& timeouts, const TlsClient& tls, const TrustStore& trust);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  // The easy handle while connecting (to add to a multi handle), nullptr afterwards.
  CURL* handle() const { return m_curl.get(); }
  const ProbeSpec& spec() const { return m_spec; }

  // libcurl finished connecting with `result`: on success the handshake starts on a copy of
  // the socket, then the handle leaves `multi` (which closes libcurl's copy) and is freed.
  void connected(CURLM* multi, CURLcode result);

  // Drives the handshake after its socket became ready.
  void drive();

  // What the handshake waits for; fd -1 outside the TLS phase.
  WaitFd tls_wait() const;

  // True once the probe has an outcome.
  bool finished() const { return m_finished; }

  // The errno (EMFILE, ENFILE, ENOBUFS, ENOMEM) when the probe could not get a socket or
  // descriptor, else 0: not a verdict, retry it later.
  int local_exhaustion() const { return m_local_exhaustion; }

  // The phase whose time limit has passed at `now`, or Timeout::none.
  check::Timeout overdue(Clock::time_point now) const;

  // Ends the probe because `phase` ran out of time.
  void abandon(check::Timeout phase);

  // The outcome, moved out (once finished).
  check::Observation take_observation() { return std::move(m_observation); }

private:
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int on_close_socket(void* self, curl_socket_t socket);
  void configure_curl();
  void start_tunnelled_tls(CURLM* multi);
  void record_source(int fd);
  void collect_connect(CURLcode result);
  void finish_tls();
  void finish();
  bool tcp_up(Clock::time_point now) const;

  ProbeSpec m_spec;
  CURLM* m_tunnel_multi = nullptr; // https:// proxy: the multi handle still holding m_curl
  int m_tunnel_fd = -1;            // and its socket, to wait on
  Timeouts m_timeouts;
  const TlsClient& m_tls;
  const TrustStore& m_trust;
  handle::Owned<curl_slist> m_connect_to; // outlives the handle pointing to it
  handle::CurlEasy m_curl;
  char m_error[CURL_ERROR_SIZE] = {};
  curl_socket_t m_socket = CURL_SOCKET_BAD;      // libcurl's socket, while open
  handle::Fd m_tls_fd;                           // our copy of it for the handshake
  std::unique_ptr<TlsHandshake> m_handshake;
  TlsHandshake::Step m_step = TlsHandshake::Step::want_write;
  mutable PhaseTimes m_times;
  bool m_finished = false;
  int m_local_exhaustion = 0;
  check::Observation m_observation;
};

} // namespace emready::probe
