#include "emready/probe/tls_client.hpp"

#include <cerrno>
#include <cstring>
#include <openssl/err.h>

namespace emready::probe {

namespace {

int handshake_index()
{
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

double ms_since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// RFC 7301 wire form: one length byte before the protocol name.
std::string alpn_wire(const std::string& protocol)
{
  return std::string(1, static_cast<char>(protocol.size())) + protocol;
}

} // namespace

TlsClient::TlsClient() : m_context(SSL_CTX_new(TLS_client_method()))
{
  auto* context = m_context.get();
  // Accept what a server offers, down to TLS 1.0, so an old server is named as such instead
  // of failing as an anonymous handshake error.
  SSL_CTX_set_min_proto_version(context, TLS1_VERSION);
  SSL_CTX_set_security_level(context, 0);
  SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0");
  // Every probe is a full handshake: a resumed session would show no chain.
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
  SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
  // Hundreds of handshakes wait on the network at once: no idle record buffers meanwhile.
  SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_cert_verify_callback(context, TlsHandshake::on_verify, nullptr);
  SSL_CTX_set_client_cert_cb(context, TlsHandshake::on_client_cert);
}

TlsHandshake::TlsHandshake(const TlsClient& client, int fd, const std::string& sni,
                           const std::string& alpn, check::TlsObservation& out)
  : TlsHandshake(client, BIO_new_socket(fd, BIO_NOCLOSE), sni, alpn, out)
{
}

TlsHandshake::TlsHandshake(const TlsClient& client, BIO* bio, const std::string& sni,
                           const std::string& alpn, check::TlsObservation& out)
  : m_ssl(SSL_new(client.context())), m_out(out), m_start(std::chrono::steady_clock::now())
{
  auto* ssl = m_ssl.get();
  SSL_set_ex_data(ssl, handshake_index(), this);
  SSL_set_info_callback(ssl, on_info);
  // What the server sends is counted and its start kept, to name an answer that is not TLS.
  BIO_set_callback_ex(bio, on_bio);
  BIO_set_callback_arg(bio, reinterpret_cast<char*>(this));
  SSL_set_bio(ssl, bio, bio);
  // SSL_set_tlsext_host_name() is a macro with a C cast; this is what it expands to.
  SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
           const_cast<char*>(sni.c_str()));
  if (!alpn.empty()) {
    const auto wire = alpn_wire(alpn);
    SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned>(wire.size()));
  }
  m_out.alpn_offered = alpn;
  SSL_set_connect_state(ssl);
}

TlsHandshake::Step TlsHandshake::step()
{
  if (m_out.completed) {
    return Step::done;
  }
  if (!m_error.empty()) {
    return Step::failed;
  }
  ERR_clear_error();
  errno = 0;
  const int result = SSL_do_handshake(m_ssl.get());
  if (result == 1) {
    record_completion();
    return Step::done;
  }
  const int error = SSL_get_error(m_ssl.get(), result);
  if (error == SSL_ERROR_WANT_READ) {
    return Step::want_read;
  }
  if (error == SSL_ERROR_WANT_WRITE) {
    return Step::want_write;
  }
  m_error = failure_text(error);
  ERR_clear_error();
  // OpenSSL reads a record header (5 bytes) before it gives up on an answer that is not
  // TLS; what is already waiting shows what it was ("HTTP/1.1 400 Bad Request").
  if (m_out.bytes_received > 0 && m_out.first_bytes.size() < 64) {
    char more[64];
    BIO_read(SSL_get_rbio(m_ssl.get()), more, static_cast<int>(64 - m_out.first_bytes.size()));
  }
  // What the server chose before it ended the handshake (TLS 1.3 sends ALPN before asking
  // for a client certificate).
  const unsigned char* alpn = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(m_ssl.get(), &alpn, &length);
  m_out.alpn.assign(reinterpret_cast<const char*>(alpn), length);
  return Step::failed;
}

std::string TlsHandshake::failure_text(int ssl_error) const
{
  if (ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN) {
    if (errno != 0) {
      return std::string("connection error during the handshake: ") + std::strerror(errno);
    }
    return "the server closed the connection during the handshake";
  }
  if (const auto code = ERR_peek_last_error(); code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
  }
  return "TLS handshake failed";
}

void TlsHandshake::record_completion()
{
  const auto* ssl = m_ssl.get();
  m_out.completed = true;
  m_out.ms = ms_since(m_start);
  m_out.version = SSL_get_version(ssl);
  m_out.version_number = SSL_version(ssl);
  m_out.cipher = SSL_CIPHER_get_name(SSL_get_current_cipher(ssl));
  const unsigned char* alpn = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &length);
  m_out.alpn.assign(reinterpret_cast<const char*>(alpn), length);
}

long TlsHandshake::on_bio(BIO* bio, int operation, const char* data, std::size_t /*length*/, int /*argi*/,
                          long /*argl*/, int ret, std::size_t* processed)
{
  if (operation == (BIO_CB_READ | BIO_CB_RETURN) && ret > 0 && processed != nullptr && *processed > 0) {
    auto* self = reinterpret_cast<TlsHandshake*>(BIO_get_callback_arg(bio));
    if (self != nullptr && !self->m_out.completed) {
      auto& out = self->m_out;
      out.bytes_received += *processed;
      const auto room = out.first_bytes.size() < 64 ? 64 - out.first_bytes.size() : 0;
      out.first_bytes.append(data, std::min(room, *processed));
    }
  }
  return ret;
}

TlsHandshake* TlsHandshake::from(const SSL* ssl)
{
  return static_cast<TlsHandshake*>(SSL_get_ex_data(ssl, handshake_index()));
}

// Keeps a copy of the chain as sent and lets the handshake go on; it is judged later.
int TlsHandshake::on_verify(X509_STORE_CTX* context, void* /*arg*/)
{
  const auto* ssl = static_cast<const SSL*>(
    X509_STORE_CTX_get_ex_data(context, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* self = ssl ? from(ssl) : nullptr;
  if (const auto* chain = X509_STORE_CTX_get0_untrusted(context); self && chain && !self->m_chain) {
    self->m_chain.reset(X509_chain_up_ref(const_cast<STACK_OF(X509)*>(chain)));
  }
  return 1;
}

// AWS IoT asks for a client certificate; having none is the device's business, not ours.
int TlsHandshake::on_client_cert(SSL* ssl, X509** /*cert*/, EVP_PKEY** /*key*/)
{
  if (auto* self = from(ssl)) {
    self->m_out.client_cert_requested = true;
  }
  return 0;
}

void TlsHandshake::on_info(const SSL* ssl, int where, int ret)
{
  auto* self = from(ssl);
  if (self == nullptr) {
    return;
  }
  if ((where & SSL_CB_HANDSHAKE_START) && !self->m_out.started) {
    self->m_out.started = true;
  }
  // SSL_CB_READ_ALERT shares its SSL_CB_ALERT bit with the alerts we send: both bits must be set.
  if ((where & SSL_CB_READ_ALERT) == SSL_CB_READ_ALERT) {
    self->m_out.alert = SSL_alert_desc_string_long(ret);
    self->m_out.server_answered = true;
  }
  if ((where & SSL_CB_CONNECT_LOOP) && SSL_get_state(ssl) == TLS_ST_CR_SRVR_HELLO) {
    self->m_out.server_answered = true;
  }
}

} // namespace emready::probe
