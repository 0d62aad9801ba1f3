#pragma once

#include "emready/check/observation.hpp"
#include "emready/handle/handles.hpp"

#include <chrono>
#include <string>

namespace emready::probe {

// The run's one TLS client context, shared by every probe: built once (protocol floor,
// ciphers, callbacks), so a probe costs one SSL object and one handshake, not a context.
class TlsClient
{
public:
  TlsClient();

  // The shared context.
  SSL_CTX* context() const { return m_context.get(); }

private:
  handle::Owned<SSL_CTX> m_context;
};

// One non-blocking client handshake on a connected socket, recording what the server showed
// into a TlsObservation: version, cipher, ALPN, alerts, a client-certificate request and the
// chain as sent (verified later against the device trust set, not here).
class TlsHandshake
{
public:
  // What the handshake waits for next.
  enum class Step
  {
    want_read,
    want_write,
    done,   // the handshake finished
    failed, // it ended without finishing; see error()
  };

  // Starts a handshake on `fd` (not owned) with `sni` and, unless empty, the ALPN `alpn`.
  TlsHandshake(const TlsClient& client, int fd, const std::string& sni, const std::string& alpn,
               check::TlsObservation& out);
  // The same over `bio` (owned from now on), e.g. a tunnel inside TLS to an https:// proxy.
  TlsHandshake(const TlsClient& client, BIO* bio, const std::string& sni, const std::string& alpn,
               check::TlsObservation& out);
  TlsHandshake(const TlsHandshake&) = delete;
  TlsHandshake& operator=(const TlsHandshake&) = delete;

  // Drives the handshake as far as the socket allows.
  Step step();

  // The chain as the server sent it, leaf first; nullptr when none arrived.
  STACK_OF(X509) * chain() const { return m_chain.get(); }

  // Why the handshake failed ("" while it has not).
  const std::string& error() const { return m_error; }

private:
  static int on_verify(X509_STORE_CTX* context, void* arg);
  static int on_client_cert(SSL* ssl, X509** cert, EVP_PKEY** key);
  static void on_info(const SSL* ssl, int where, int ret);
  static long on_bio(BIO* bio, int operation, const char* data, std::size_t length, int argi, long argl, int ret,
                     std::size_t* processed);
  static TlsHandshake* from(const SSL* ssl);
  void record_completion();
  std::string failure_text(int ssl_error) const;

  friend class TlsClient;
  handle::Owned<SSL> m_ssl;
  handle::ChainPtr m_chain;
  check::TlsObservation& m_out;
  std::string m_error;
  std::chrono::steady_clock::time_point m_start;
};

} // namespace emready::probe
