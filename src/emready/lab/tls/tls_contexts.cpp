#include "emready/lab/tls/tls_contexts.hpp"

#include "emready/lab/scenario/host_table.hpp"

#include <openssl/x509v3.h>

#include <array>
#include <stdexcept>
#include <string_view>

namespace emready::lab::tls {

namespace {

// AWS IoT's ALPN for MQTT on 443, preferred over HTTP/1.1 (AWS IoT Core developer guide,
// "Protocols, port mappings, and authentication").
constexpr std::array<std::string_view, 2> k_alpn_preference{"x-amzn-mqtt-ca", "http/1.1"};

int select_alpn(SSL* ssl, const unsigned char** out, unsigned char* out_size,
                const unsigned char* offered, unsigned int offered_size, void*)
{
  const auto* endpoint = static_cast<const TlsEndpoint*>(SSL_get_app_data(ssl));
  const bool refuse_mqtt = endpoint != nullptr && endpoint->fault == scenario::TlsFault::alpn_refused;
  for (const auto wanted : k_alpn_preference) {
    for (unsigned int i = 0; i < offered_size;) {
      const unsigned int size = offered[i];
      const std::string_view name(reinterpret_cast<const char*>(offered + i + 1),
                                  std::min(size, offered_size - i - 1));
      if (name == wanted && refuse_mqtt && name == k_alpn_preference[0]) {
        return SSL_TLSEXT_ERR_ALERT_FATAL; // alert no_application_protocol (RFC 7301, 3.2)
      }
      if (name == wanted) {
        *out = offered + i + 1;
        *out_size = static_cast<unsigned char>(size);
        return SSL_TLSEXT_ERR_OK;
      }
      i += size + 1;
    }
  }
  return SSL_TLSEXT_ERR_NOACK;
}

const Credentials* chosen_credentials(SSL* ssl, const TlsEndpoint& endpoint)
{
  const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (sni != nullptr && endpoint.store != nullptr &&
      endpoint.fault != scenario::TlsFault::wrong_name) {
    const auto found = endpoint.store->find({scenario::normalized_name(sni), endpoint.fault});
    if (found != endpoint.store->end()) {
      return &found->second;
    }
  }
  return endpoint.credentials;
}

// Called before the server picks its certificate: by SNI if it names a served host,
// else the listener's own.
int set_certificate(SSL* ssl, void*)
{
  const auto* endpoint = static_cast<const TlsEndpoint*>(SSL_get_app_data(ssl));
  const auto* credentials = endpoint ? chosen_credentials(ssl, *endpoint) : nullptr;
  if (credentials == nullptr) {
    return 0;
  }
  STACK_OF(X509)* chain = sk_X509_new_null();
  for (const auto& cert : credentials->chain) {
    sk_X509_push(chain, cert.get());
  }
  const int ok = SSL_use_cert_and_key(ssl, credentials->leaf.get(), credentials->key.get(),
                                      chain, 1);
  sk_X509_free(chain);
  return ok == 1 ? 1 : 0;
}

// AWS IoT checks the client certificate against registered ones; the lab only insists
// that one is sent, so any certificate is accepted.
int accept_any_client_cert(int, X509_STORE_CTX*) { return 1; }

SslCtxPtr make_context(int min_version, int max_version)
{
  SslCtxPtr context(SSL_CTX_new(TLS_server_method()));
  if (!context) {
    throw std::runtime_error("cannot create a TLS context");
  }
  SSL_CTX_set_min_proto_version(context.get(), min_version);
  SSL_CTX_set_max_proto_version(context.get(), max_version);
  SSL_CTX_set_cert_cb(context.get(), set_certificate, nullptr);
  SSL_CTX_set_alpn_select_cb(context.get(), select_alpn, nullptr);
  SSL_CTX_set_session_cache_mode(context.get(), SSL_SESS_CACHE_OFF);
  return context;
}

} // namespace

TlsContexts::TlsContexts()
  : m_modern(make_context(TLS1_2_VERSION, 0)),
    m_old(make_context(TLS1_VERSION, TLS1_1_VERSION)),
    m_client_cert(make_context(TLS1_2_VERSION, 0))
{
  // OpenSSL 3 refuses TLS 1.0/1.1 (SHA-1 signatures) above security level 0.
  SSL_CTX_set_security_level(m_old.get(), 0);
  SSL_CTX_set_cipher_list(m_old.get(), "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_verify(m_client_cert.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     accept_any_client_cert);
}

SSL_CTX* TlsContexts::for_fault(scenario::TlsFault fault) const
{
  switch (fault) {
  case scenario::TlsFault::old_protocol:
    return m_old.get();
  case scenario::TlsFault::client_cert:
    return m_client_cert.get();
  default:
    return m_modern.get();
  }
}

SslPtr TlsContexts::make_ssl(int fd, const TlsEndpoint& endpoint) const
{
  SslPtr ssl(SSL_new(for_fault(endpoint.fault)));
  if (!ssl) {
    return ssl;
  }
  SSL_set_app_data(ssl.get(), const_cast<TlsEndpoint*>(&endpoint));
  SSL_set_fd(ssl.get(), fd);
  return ssl;
}

} // namespace emready::lab::tls
