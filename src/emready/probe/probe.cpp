#include "emready/probe/probe.hpp"

#include "emready/core/open_files.hpp"
#include "emready/probe/cert_info.hpp"
#include "emready/probe/curl_bio.hpp"
#include "emready/probe/curl_proxy.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

namespace emready::probe {

namespace {

double ms_between(Clock::time_point from, Clock::time_point to)
{
  return std::chrono::duration<double, std::milli>(to - from).count();
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

check::SocksFailure socks_failure(long code)
{
  using check::SocksFailure;
  switch (code) {
  case CURLPX_OK: return SocksFailure::none;
  case CURLPX_REPLY_CONNECTION_REFUSED: return SocksFailure::refused;
  case CURLPX_REPLY_HOST_UNREACHABLE: return SocksFailure::host_unreachable;
  case CURLPX_REPLY_NETWORK_UNREACHABLE: return SocksFailure::network_unreachable;
  case CURLPX_REPLY_TTL_EXPIRED: return SocksFailure::ttl_expired;
  case CURLPX_REPLY_NOT_ALLOWED:
  case CURLPX_REQUEST_FAILED: return SocksFailure::not_allowed; // SOCKS4 91: rejected
  case CURLPX_REPLY_GENERAL_SERVER_FAILURE: return SocksFailure::server_failure;
  case CURLPX_RESOLVE_HOST: return SocksFailure::resolve_failed;
  case CURLPX_NO_AUTH:
  case CURLPX_USER_REJECTED:
  case CURLPX_SEND_AUTH:
  case CURLPX_RECV_AUTH: return SocksFailure::auth;
  default: return SocksFailure::other;
  }
}

} // namespace

Probe::Probe(ProbeSpec spec, const Timeouts& timeouts, const TlsClient& tls, const TrustStore& trust)
  : m_spec(std::move(spec)), m_timeouts(timeouts), m_tls(tls), m_trust(trust),
    m_curl(curl_easy_init())
{
  m_times.start = Clock::now();
  m_times.proxied = m_spec.proxy != nullptr;
  m_observation.address = m_spec.address;
  m_observation.family = m_spec.family;
  m_observation.port = m_spec.port;
  m_observation.connect_port = m_spec.connect_port;
  configure_curl();
}

Probe::~Probe() = default;

// libcurl only connects: an http:// URL with CONNECT_ONLY stops once TCP (or the proxy's
// tunnel) is up; TLS is ours.
void Probe::configure_curl()
{
  auto* curl = m_curl.get();
  const auto url = fmt::format("http://{}:{}/", m_spec.host, m_spec.port);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  // No CURLOPT_FORBID_REUSE: it would close the connection before we can take its socket.
  // A CONNECT_ONLY connection is closed when its handle leaves the multi handle instead.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_error);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(curl, CURLOPT_PRIVATE, this);
  // Our own socket callbacks tell when TCP is up, whatever libcurl's timers say through a proxy.
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(curl, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
  curl_easy_setopt(curl, CURLOPT_CLOSESOCKETDATA, this);
  // A backstop only: the engine enforces each phase's limit through overdue().
  const auto backstop = 2 * m_timeouts.tcp + m_timeouts.tls + std::chrono::seconds(2);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(backstop.count()));
  if (m_spec.bind_to != nullptr && !m_spec.bind_to->empty()) {
    curl_easy_setopt(curl, CURLOPT_INTERFACE, m_spec.bind_to->c_str());
  }
  if (m_spec.proxy != nullptr) {
    m_observation.proxy.used = true;
    m_observation.proxy.url = m_spec.proxy->display;
    m_observation.proxy.socks = m_spec.proxy->socks();
    const auto& credentials = m_spec.proxy->credentials;
    m_observation.proxy.auth_allowed = proxy_auth_names()[static_cast<std::size_t>(credentials.scheme)];
    m_observation.proxy.credentials_sent = credentials.present();
    use_proxy(curl, *m_spec.proxy);
    return;
  }
  curl_easy_setopt(curl, CURLOPT_PROXY, ""); // no proxy from the environment
  const auto target = m_spec.family == 6 ? "[" + m_spec.address + "]" : m_spec.address;
  const auto rule = fmt::format("{}:{}:{}:{}", m_spec.host, m_spec.port, target, m_spec.connect_port);
  m_connect_to.reset(curl_slist_append(nullptr, rule.c_str()));
  curl_easy_setopt(curl, CURLOPT_CONNECT_TO, m_connect_to.get());
}

// The address this end of the connection has: what the firewall saw the probe come from.
void Probe::record_source(int fd)
{
  sockaddr_storage local{};
  socklen_t size = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0) {
    return;
  }
  char text[INET6_ADDRSTRLEN] = {};
  const void* address = local.ss_family == AF_INET6
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&local)->sin_addr);
  if (inet_ntop(local.ss_family, address, text, sizeof text) != nullptr) {
    m_observation.source_address = text;
  }
}

// Headers of the proxy's CONNECT answer (the tunnel's payload is never read by libcurl).
std::size_t Probe::on_header(char* data, std::size_t size, std::size_t count, void* self)
{
  auto* probe = static_cast<Probe*>(self);
  auto& proxy = probe->m_observation.proxy;
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) != "HTTP/") {
    ++proxy.header_lines;
  }
  if (line.substr(0, 5) == "HTTP/") {
    // A new answer (after a 407 the retry's): only the last one's headers describe it.
    proxy.via.clear();
    proxy.server.clear();
    proxy.squid_error.clear();
    proxy.proxy_status.clear();
    proxy.authenticate.clear();
    proxy.status_line = std::string(line.substr(0, line.find_first_of("\r\n")));
    proxy.answer_ended = false;
    proxy.header_lines = 0;
  } else if (line == "\r\n" || line == "\n") {
    // The tunnel is up when the answer ends, not at its status line: a proxy that sends
    // "200" and then trickles headers has opened nothing.
    proxy.answer_ended = true;
    if (const auto code = proxy.status_line.find(' ');
        code != std::string::npos && proxy.status_line.compare(code + 1, 1, "2") == 0) {
      probe->m_times.tunnel_up = Clock::now();
    }
    return size * count;
  } else if (auto via = header_value(line, "Via"); !via.empty()) {
    proxy.via = via;
  } else if (auto server = header_value(line, "Server"); !server.empty()) {
    proxy.server = server;
  } else if (auto squid = header_value(line, "X-Squid-Error"); !squid.empty()) {
    proxy.squid_error = squid;
  } else if (auto status = header_value(line, "Proxy-Status"); !status.empty()) {
    proxy.proxy_status = status;
  } else if (auto offer = header_value(line, "Proxy-Authenticate"); !offer.empty()) {
    proxy.authenticate.push_back(offer.substr(0, offer.find(' '))); // the scheme, not its data
  }
  return size * count;
}

curl_socket_t Probe::on_open_socket(void* self, curlsocktype /*purpose*/, curl_sockaddr* address)
{
  auto* probe = static_cast<Probe*>(self);
  probe->m_socket = socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  if (probe->m_socket == CURL_SOCKET_BAD && core::is_local_exhaustion(errno)) {
    probe->m_local_exhaustion = errno;
  }
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
  if (!m_times.tcp_up && m_socket != CURL_SOCKET_BAD) {
    sockaddr_storage peer{};
    socklen_t size = sizeof peer;
    if (getpeername(m_socket, reinterpret_cast<sockaddr*>(&peer), &size) == 0) {
      m_times.tcp_up = now;
    }
  }
  return m_times.tcp_up.has_value();
}

void Probe::collect_connect(CURLcode result)
{
  auto* curl = m_curl.get();
  auto& seen = m_observation;
  seen.error = m_error;
  seen.proxy_unresolved = result == CURLE_COULDNT_RESOLVE_PROXY;
  // Before any CONNECT answer, a TLS error can only be the one to the proxy itself.
  seen.proxy_tls_failed = m_spec.proxy != nullptr && m_spec.proxy->tls_to_proxy() &&
                          (result == CURLE_PEER_FAILED_VERIFICATION || result == CURLE_SSL_CONNECT_ERROR ||
                           result == CURLE_SSL_CERTPROBLEM || result == CURLE_SSL_CACERT_BADFILE);
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  seen.os_errno = static_cast<int>(os_errno);
  curl_off_t connect_us = 0;
  curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_us);
  tcp_up(Clock::now());
  seen.tcp_connected = connect_us > 0 || m_times.tcp_up.has_value();
  seen.tcp_ms = static_cast<double>(connect_us) / 1000.0;
  long connect_code = 0;
  curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &connect_code);
  seen.proxy.connect_code = connect_code;
  if (seen.proxy.socks && result != CURLE_OK) {
    long code = CURLPX_OK;
    curl_easy_getinfo(curl, CURLINFO_PROXY_ERROR, &code);
    seen.proxy.socks_failure = socks_failure(code);
  }
}

// Through an https:// proxy the tunnel is inside libcurl's TLS to the proxy: the handle
// stays in the multi handle (leaving it would close the connection), and the device's
// handshake runs over it (curl_bio) instead of on a copy of the socket.
void Probe::start_tunnelled_tls(CURLM* multi)
{
  curl_socket_t active = CURL_SOCKET_BAD;
  curl_easy_getinfo(m_curl.get(), CURLINFO_ACTIVESOCKET, &active);
  if (active == CURL_SOCKET_BAD) {
    m_observation.error = "libcurl reported a connection without a socket";
    curl_multi_remove_handle(multi, m_curl.get());
    m_curl.reset();
    finish();
    return;
  }
  record_source(active);
  m_tunnel_multi = multi;
  m_tunnel_fd = active;
  m_times.tls_start = Clock::now();
  m_handshake = std::make_unique<TlsHandshake>(m_tls, curl_bio_new(m_curl.get()), m_spec.host,
                                               m_spec.alpn, m_observation.tls);
  drive();
}

void Probe::connected(CURLM* multi, CURLcode result)
{
  collect_connect(result);
  if (result == CURLE_OK && m_spec.proxy != nullptr && m_spec.proxy->tls_to_proxy()) {
    if (!m_times.tcp_up) {
      m_times.tcp_up = Clock::now();
    }
    start_tunnelled_tls(multi);
    return;
  }
  if (result == CURLE_OK) {
    curl_socket_t active = CURL_SOCKET_BAD;
    curl_easy_getinfo(m_curl.get(), CURLINFO_ACTIVESOCKET, &active);
    // Our own descriptor for the same connection: libcurl closes its one with the handle.
    if (active != CURL_SOCKET_BAD) {
      record_source(active);
      m_tls_fd.reset(fcntl(active, F_DUPFD_CLOEXEC, 0));
      if (!m_tls_fd && core::is_local_exhaustion(errno)) {
        m_local_exhaustion = errno;
      }
    }
  }
  curl_multi_remove_handle(multi, m_curl.get());
  m_curl.reset();
  m_connect_to.reset();
  if (!m_tls_fd) {
    if (result == CURLE_OK && m_observation.error.empty()) {
      m_observation.error = "libcurl reported a connection without a socket";
    }
    finish();
    return;
  }
  if (!m_times.tcp_up) {
    m_times.tcp_up = Clock::now();
  }
  m_times.tls_start = Clock::now();
  m_handshake = std::make_unique<TlsHandshake>(m_tls, m_tls_fd.get(), m_spec.host, m_spec.alpn,
                                               m_observation.tls);
  drive();
}

void Probe::drive()
{
  if (!m_handshake || m_finished) {
    return;
  }
  m_step = m_handshake->step();
  if (m_step == TlsHandshake::Step::done || m_step == TlsHandshake::Step::failed) {
    finish_tls();
  }
}

WaitFd Probe::tls_wait() const
{
  if (!m_handshake || m_finished) {
    return {};
  }
  return {m_tunnel_multi != nullptr ? m_tunnel_fd : m_tls_fd.get(),
          m_step == TlsHandshake::Step::want_read, m_step == TlsHandshake::Step::want_write};
}

check::Timeout Probe::overdue(Clock::time_point now) const
{
  if (m_finished) {
    return check::Timeout::none;
  }
  if (!m_handshake) {
    tcp_up(now);
  }
  return overdue_phase(m_times, m_timeouts, now);
}

void Probe::finish_tls()
{
  auto& tls = m_observation.tls;
  if (!tls.completed && m_observation.error.empty()) {
    m_observation.error = m_handshake->error();
  }
  if (auto* chain = m_handshake->chain()) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      tls.chain.push_back(describe_cert(sk_X509_value(chain, i)));
    }
    tls.check = m_trust.verify(chain, m_spec.host);
  }
  m_times.tls_done = true;
  finish();
}

void Probe::finish()
{
  m_handshake.reset(); // its BIO points at the easy handle: it goes first
  m_tls_fd.reset();
  if (m_tunnel_multi != nullptr && m_curl) {
    curl_multi_remove_handle(m_tunnel_multi, m_curl.get()); // closes the tunnel
    m_curl.reset();
  }
  m_tunnel_multi = nullptr;
  m_observation.total_ms = ms_between(m_times.start, Clock::now());
  m_finished = true;
  ERR_clear_error();
}

void Probe::abandon(check::Timeout phase)
{
  if (m_finished) {
    return;
  }
  m_observation.timed_out = phase;
  if (m_curl && !m_handshake) {
    collect_connect(CURLE_OPERATION_TIMEDOUT);
    m_curl.reset();
  }
  if (m_handshake) {
    finish_tls();
  } else {
    finish();
  }
  if (m_observation.error.empty()) {
    m_observation.error = "stopped by emready: time limit of the phase reached";
  }
}

} // namespace emready::probe
