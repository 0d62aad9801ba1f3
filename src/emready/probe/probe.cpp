#include "emready/probe/probe.hpp"

#include "emready/probe/cert_info.hpp"

#include <cstring>
#include <sys/socket.h>
#include <unistd.h>
#include <fmt/format.h>
#include <openssl/err.h>

namespace emready::probe {

namespace {

double ms_between(Clock::time_point from, Clock::time_point to)
{
  return std::chrono::duration<double, std::milli>(to - from).count();
}

int probe_index()
{
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// "Via: 1.1 proxy" → "1.1 proxy" when the header is `name`.
std::string header_value(std::string_view line, std::string_view name)
{
  if (line.size() <= name.size() || line[name.size()] != ':' ||
      strncasecmp(line.data(), name.data(), name.size()) != 0) {
    return "";
  }
  auto value = line.substr(name.size() + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return std::string(value);
}

} // namespace

Probe::Probe(ProbeSpec spec, const Timeouts& timeouts, const TrustStore& trust)
  : m_spec(std::move(spec)), m_timeouts(timeouts), m_trust(trust), m_curl(curl_easy_init()),
    m_start(Clock::now())
{
  m_observation.address = m_spec.address;
  m_observation.family = m_spec.family;
  m_observation.port = m_spec.port;
  m_observation.connect_port = m_spec.connect_port;
  const auto url = fmt::format("https://{}:{}/", m_spec.host, m_spec.port);
  curl_easy_setopt(m_curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(m_curl, CURLOPT_CONNECT_ONLY, 1L); // TCP + TLS, no request
  curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(m_curl, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(m_curl, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(m_curl, CURLOPT_SSL_SESSIONID_CACHE, 0L); // a resumed session shows no chain
  curl_easy_setopt(m_curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(m_curl, CURLOPT_ERRORBUFFER, m_error);
  // We judge the chain ourselves, against the device trust set (see TrustStore).
  curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(m_curl, CURLOPT_SSL_CTX_FUNCTION, on_ssl_context);
  curl_easy_setopt(m_curl, CURLOPT_SSL_CTX_DATA, this);
  curl_easy_setopt(m_curl, CURLOPT_SSL_ENABLE_ALPN, m_spec.mqtt_alpn ? 0L : 1L);
  curl_easy_setopt(m_curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(m_curl, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(m_curl, CURLOPT_PRIVATE, this);
  // Our own socket callbacks tell when TCP is up, whatever libcurl's timers say through a proxy.
  curl_easy_setopt(m_curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(m_curl, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(m_curl, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
  curl_easy_setopt(m_curl, CURLOPT_CLOSESOCKETDATA, this);
  // A backstop only: the engine enforces each phase's limit through overdue().
  const auto backstop = 2 * m_timeouts.tcp + m_timeouts.tls + std::chrono::seconds(2);
  curl_easy_setopt(m_curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(backstop.count()));
  if (m_spec.proxy != nullptr) {
    m_observation.proxy.used = true;
    m_observation.proxy.url = m_spec.proxy->display;
    curl_easy_setopt(m_curl, CURLOPT_PROXY, m_spec.proxy->url.c_str());
    curl_easy_setopt(m_curl, CURLOPT_HTTPPROXYTUNNEL, 1L);
  } else {
    curl_easy_setopt(m_curl, CURLOPT_PROXY, ""); // no proxy from the environment
    const auto target = m_spec.family == 6 ? "[" + m_spec.address + "]" : m_spec.address;
    const auto rule =
      fmt::format("{}:{}:{}:{}", m_spec.host, m_spec.port, target, m_spec.connect_port);
    m_connect_to = curl_slist_append(nullptr, rule.c_str());
    curl_easy_setopt(m_curl, CURLOPT_CONNECT_TO, m_connect_to);
  }
}

Probe::~Probe()
{
  curl_easy_cleanup(m_curl);
  curl_slist_free_all(m_connect_to);
  sk_X509_pop_free(m_chain, X509_free);
}

CURLcode Probe::on_ssl_context(CURL* /*curl*/, void* ssl_context, void* self)
{
  auto* context = static_cast<SSL_CTX*>(ssl_context);
  auto* probe = static_cast<Probe*>(self);
  SSL_CTX_set_ex_data(context, probe_index(), probe);
  // Accept what a server offers, down to TLS 1.0, so an old server is named as such instead
  // of failing as an anonymous handshake error.
  SSL_CTX_set_min_proto_version(context, TLS1_VERSION);
  SSL_CTX_set_security_level(context, 0);
  SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_cert_verify_callback(context, on_verify, probe);
  SSL_CTX_set_client_cert_cb(context, on_client_cert);
  SSL_CTX_set_info_callback(context, on_info);
  if (probe->m_spec.mqtt_alpn) {
    static const unsigned char k_mqtt[] = "\x0ex-amzn-mqtt-ca";
    SSL_CTX_set_alpn_protos(context, k_mqtt, sizeof k_mqtt - 1);
    probe->m_observation.tls.alpn_offered = "x-amzn-mqtt-ca";
  }
  return CURLE_OK;
}

// Keeps a copy of the chain as sent and lets the handshake go on; it is judged later.
int Probe::on_verify(X509_STORE_CTX* context, void* self)
{
  auto* probe = static_cast<Probe*>(self);
  if (const auto* chain = X509_STORE_CTX_get0_untrusted(context); chain && !probe->m_chain) {
    probe->m_chain = X509_chain_up_ref(const_cast<STACK_OF(X509)*>(chain));
  }
  return 1;
}

// AWS IoT asks for a client certificate; having none is the device's business, not ours.
int Probe::on_client_cert(SSL* ssl, X509** /*cert*/, EVP_PKEY** /*key*/)
{
  if (auto* probe = from_ssl(ssl)) {
    probe->m_observation.tls.client_cert_requested = true;
  }
  return 0;
}

void Probe::on_info(const SSL* ssl, int where, int ret)
{
  auto* probe = from_ssl(ssl);
  if (probe == nullptr) {
    return;
  }
  auto& tls = probe->m_observation.tls;
  if ((where & SSL_CB_HANDSHAKE_START) && !tls.started) {
    tls.started = true;
    probe->m_tls_start = Clock::now();
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) && !tls.completed) {
    tls.completed = true;
    tls.ms = ms_between(probe->m_tls_start, Clock::now());
    tls.version = SSL_get_version(ssl);
    tls.version_number = SSL_version(ssl);
    tls.cipher = SSL_CIPHER_get_name(SSL_get_current_cipher(ssl));
    const unsigned char* alpn = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &length);
    tls.alpn.assign(reinterpret_cast<const char*>(alpn), length);
  }
  if (where & SSL_CB_READ_ALERT) {
    tls.alert = SSL_alert_desc_string_long(ret);
  }
}

Probe* Probe::from_ssl(const SSL* ssl)
{
  return static_cast<Probe*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), probe_index()));
}

// Headers of the proxy's CONNECT answer (the tunnel's payload is never read).
std::size_t Probe::on_header(char* data, std::size_t size, std::size_t count, void* self)
{
  auto* probe = static_cast<Probe*>(self);
  auto& proxy = probe->m_observation.proxy;
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") {
    proxy.status_line = std::string(line.substr(0, line.find_first_of("\r\n")));
    probe->m_connect_answered = true;
    probe->m_connect_answer = Clock::now();
  } else if (auto via = header_value(line, "Via"); !via.empty()) {
    proxy.via = via;
  } else if (auto server = header_value(line, "Server"); !server.empty()) {
    proxy.server = server;
  }
  return size * count;
}

curl_socket_t Probe::on_open_socket(void* self, curlsocktype /*purpose*/, curl_sockaddr* address)
{
  auto* probe = static_cast<Probe*>(self);
  probe->m_socket = socket(address->family, address->socktype, address->protocol);
  return probe->m_socket;
}

int Probe::on_close_socket(void* self, curl_socket_t socket)
{
  auto* probe = static_cast<Probe*>(self);
  if (socket == probe->m_socket) {
    probe->m_socket = CURL_SOCKET_BAD;
  }
  return close(socket);
}

// A non-blocking connect in progress has no peer yet: getpeername fails until it completes.
bool Probe::tcp_up(Clock::time_point now) const
{
  if (!m_connected && m_socket != CURL_SOCKET_BAD) {
    sockaddr_storage peer{};
    socklen_t size = sizeof peer;
    if (getpeername(m_socket, reinterpret_cast<sockaddr*>(&peer), &size) == 0) {
      m_connected = true;
      m_connected_at = now;
    }
  }
  return m_connected;
}

Timeout Probe::overdue(Clock::time_point now) const
{
  const auto& tls = m_observation.tls;
  if (tls.started) {
    return !tls.completed && now - m_tls_start > m_timeouts.tls ? Timeout::tls : Timeout::none;
  }
  if (!tcp_up(now)) {
    return now - m_start > m_timeouts.tcp ? Timeout::tcp : Timeout::none;
  }
  if (m_spec.proxy != nullptr && !m_connect_answered) {
    // The proxy took the connection and is connecting upstream for us: it must answer
    // CONNECT within the TCP limit.
    return now - m_connected_at > m_timeouts.tcp ? Timeout::connect : Timeout::none;
  }
  const auto since = m_connect_answered ? m_connect_answer : m_connected_at;
  return now - since > m_timeouts.tls ? Timeout::tls : Timeout::none;
}

void Probe::collect()
{
  auto& observation = m_observation;
  observation.total_ms = ms_between(m_start, Clock::now());
  observation.curl_error = m_error;
  long os_errno = 0;
  curl_easy_getinfo(m_curl, CURLINFO_OS_ERRNO, &os_errno);
  observation.os_errno = static_cast<int>(os_errno);
  curl_off_t connect_us = 0;
  curl_easy_getinfo(m_curl, CURLINFO_CONNECT_TIME_T, &connect_us);
  observation.tcp_connected = connect_us > 0 || observation.tls.started || m_connected;
  observation.tcp_ms = static_cast<double>(connect_us) / 1000.0;
  long connect_code = 0;
  curl_easy_getinfo(m_curl, CURLINFO_HTTP_CONNECTCODE, &connect_code);
  observation.proxy.connect_code = connect_code;
  if (m_chain != nullptr) {
    for (int i = 0; i < sk_X509_num(m_chain); ++i) {
      observation.tls.chain.push_back(describe_cert(sk_X509_value(m_chain, i)));
    }
    observation.tls.check = m_trust.verify(m_chain, m_spec.host);
  }
  ERR_clear_error();
}

void Probe::finish(CURLcode result)
{
  m_observation.curl_code = static_cast<int>(result);
  collect();
}

void Probe::abandon(Timeout phase)
{
  m_observation.timed_out = phase;
  m_observation.curl_code = static_cast<int>(CURLE_OPERATION_TIMEDOUT);
  collect();
  if (m_observation.curl_error.empty()) {
    m_observation.curl_error = "stopped by emready: time limit of the phase reached";
  }
}

} // namespace emready::probe
