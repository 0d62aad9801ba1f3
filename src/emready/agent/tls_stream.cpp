#include "emready/agent/tls_stream.hpp"

#include <openssl/ssl.h>
#include <poll.h>

#include <stdexcept>

namespace emready::agent {

namespace {

// Records the protocol the server chose, once the handshake is done.
void on_info(const SSL* ssl, int where, int /*ret*/)
{
  if ((where & SSL_CB_HANDSHAKE_DONE) == 0) {
    return;
  }
  auto* chosen = static_cast<std::string*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  const unsigned char* alpn = nullptr;
  unsigned size = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &size);
  chosen->assign(reinterpret_cast<const char*>(alpn), size);
}

// Offers the stream's ALPN list (curl's own, http/1.1, is switched off: a device speaking
// MQTT never offers it) on the SSL_CTX curl sets up for the connection.
CURLcode on_ssl_context(CURL* /*curl*/, void* ssl_context, void* user)
{
  auto* stream = static_cast<TlsStream*>(user);
  auto* context = static_cast<SSL_CTX*>(ssl_context);
  const auto& offer = stream->alpn_offer();
  if (!offer.empty()) {
    SSL_CTX_set_alpn_protos(context, reinterpret_cast<const unsigned char*>(offer.data()),
                            static_cast<unsigned>(offer.size()));
  }
  SSL_CTX_set_app_data(context, &stream->alpn_chosen());
  SSL_CTX_set_info_callback(context, on_info);
  return CURLE_OK;
}

[[noreturn]] void fail(CURLcode code, const char* error)
{
  throw std::runtime_error(*error != '\0' ? error : curl_easy_strerror(code));
}

} // namespace

TlsStream::TlsStream(const Route& route, const std::string& host, std::uint16_t port,
                     const std::string& alpn)
  : m_timeout_ms(route.timeout_ms)
{
  m_curl.reset(curl_easy_init());
  auto* curl = m_curl.get();
  if (curl == nullptr) {
    throw std::runtime_error("cannot create a curl handle");
  }
  char error[CURL_ERROR_SIZE] = "";
  const auto url = "https://" + host + ":" + std::to_string(port) + "/";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!alpn.empty()) {
    m_offer = std::string(1, static_cast<char>(alpn.size())) + alpn; // RFC 7301 wire form
  }
  curl_easy_setopt(curl, CURLOPT_SSL_ENABLE_ALPN, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, on_ssl_context);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, this);
  m_connect_to.reset(apply_route(curl, route, host, port)); // members free the handles if it throws
  const auto code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr); // `error` lives in this frame only
  if (code != CURLE_OK) {
    const std::string reason = *error != '\0' ? error : curl_easy_strerror(code);
    throw std::runtime_error(reason);
  }
}

TlsStream::~TlsStream() = default;

void TlsStream::wait(bool for_reading) const
{
  curl_socket_t fd = CURL_SOCKET_BAD;
  curl_easy_getinfo(m_curl.get(), CURLINFO_ACTIVESOCKET, &fd);
  pollfd entry{fd, static_cast<short>(for_reading ? POLLIN : POLLOUT), 0};
  if (::poll(&entry, 1, static_cast<int>(m_timeout_ms)) <= 0) {
    throw std::runtime_error(for_reading ? "no answer within the timeout"
                                         : "cannot send within the timeout");
  }
}

void TlsStream::send(const std::vector<std::uint8_t>& data)
{
  std::size_t done = 0;
  while (done < data.size()) {
    std::size_t sent = 0;
    const auto code = curl_easy_send(m_curl.get(), data.data() + done, data.size() - done, &sent);
    if (code == CURLE_AGAIN) {
      wait(false);
      continue;
    }
    if (code != CURLE_OK) {
      fail(code, "");
    }
    done += sent;
  }
}

std::vector<std::uint8_t> TlsStream::receive()
{
  std::vector<std::uint8_t> buffer(16384);
  for (;;) {
    std::size_t got = 0;
    const auto code = curl_easy_recv(m_curl.get(), buffer.data(), buffer.size(), &got);
    if (code == CURLE_AGAIN) {
      wait(true);
      continue;
    }
    if (code != CURLE_OK) {
      fail(code, "");
    }
    buffer.resize(got); // 0: closed
    return buffer;
  }
}

std::string TlsStream::local_ip() const
{
  char* ip = nullptr;
  curl_easy_getinfo(m_curl.get(), CURLINFO_LOCAL_IP, &ip);
  return ip != nullptr ? ip : "";
}

} // namespace emready::agent
