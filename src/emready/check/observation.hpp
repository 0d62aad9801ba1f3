#pragma once

#include "emready/dns/answer.hpp"
#include "emready/profile/profile.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace emready::check {

// One certificate of the chain a server sent.
struct CertInfo
{
  std::string subject;            // one-line form, e.g. "CN=gw.srv.ygles.com"
  std::string issuer;
  std::vector<std::string> names; // subjectAltName DNS entries
  std::string not_before;         // ISO 8601, UTC
  std::string not_after;
};

// What is wrong with a chain, as far as a verdict cares.
enum class ChainProblem
{
  untrusted,     // no path to a trusted root (self-signed CA, bad signature, …)
  issuer_missing, // the issuer of the last certificate sent is neither sent nor trusted
  expired,
  not_yet_valid,
  name_mismatch, // no subjectAltName/CN matches the host
  too_long,      // more certificates than a verifier follows (OpenSSL's depth limit)
  other,         // anything else the verifier rejected (purpose, constraints, …)
};

// The device trust set's opinion of a chain.
struct ChainCheck
{
  bool checked = false;                // a chain was received and verified
  std::vector<ChainProblem> problems;  // empty: trusted, valid, right name
  std::vector<int> errors;             // the verifier's codes (X509_V_ERR_*), deduplicated
  std::vector<std::string> messages;   // human text of each error, same order

  // True when `problem` was found.
  bool has(ChainProblem problem) const;
};

// TLS protocol versions as numbers on the wire (RFC 8446, appendix B.1).
inline constexpr int k_tls_1_2 = 0x0303;

// What the TLS layer showed.
struct TlsObservation
{
  bool started = false;            // TCP (or the tunnel) was up, the ClientHello went out
  bool completed = false;          // the handshake finished
  std::string version;             // "TLSv1.3"
  int version_number = 0;          // e.g. 0x0304
  std::string cipher;
  std::string alpn;                // the protocol the server selected, "" if none
  std::string alpn_offered;        // what we offered, "" = library default
  bool client_cert_requested = false;
  bool server_answered = false;    // a ServerHello (or an alert) came back
  std::string alert;               // the last alert the server sent, e.g. "handshake failure"
  std::string first_bytes;         // the first bytes the server sent (at most 64)
  std::size_t bytes_received = 0;  // all it sent during the handshake
  std::vector<CertInfo> chain;     // as sent, leaf first
  ChainCheck check;
  double ms = 0;                   // handshake time
};

// Why a SOCKS proxy refused to connect (its reply code, as libcurl reads it).
enum class SocksFailure
{
  none,
  refused,             // the host refused the proxy's connection
  host_unreachable,
  network_unreachable,
  ttl_expired,         // the proxy's connect timed out
  not_allowed,         // the proxy's rules forbid the connection
  server_failure,      // "general SOCKS server failure" (often a name the proxy cannot resolve)
  resolve_failed,      // socks4/socks5: this machine could not resolve the host for the proxy
  auth,                // the proxy wants, or rejected, credentials
  other,
};

// What the proxy showed, when one was used.
struct ProxyObservation
{
  bool used = false;
  std::string url;            // without credentials
  long connect_code = 0;      // status of the CONNECT answer, 0 = none
  std::string status_line;    // e.g. "HTTP/1.1 403 Forbidden"
  bool answer_ended = false;  // the blank line closing the answer's header came
  unsigned header_lines = 0;  // lines after the status line (of the last answer)
  std::string via;
  std::string server;
  std::string squid_error;     // X-Squid-Error, e.g. "ERR_CONNECT_FAIL 111"
  std::string proxy_status;    // RFC 9209 Proxy-Status, e.g. "proxy.example; error=dns_timeout"
  std::vector<std::string> authenticate; // Proxy-Authenticate schemes offered, e.g. "NTLM"
  bool socks = false;                      // a SOCKS proxy: no HTTP answer, a reply code
  SocksFailure socks_failure = SocksFailure::none;
  bool credentials_sent = false;          // credentials were given to answer a 407 with
  std::string auth_allowed;               // the schemes they may be sent with ("any", "ntlm", …)
};

// Which phase ran out of time.
enum class Timeout
{
  none,
  tcp,      // the TCP connect (to the host or to the proxy)
  connect,  // the proxy took the connection but did not answer CONNECT
  tls,      // the handshake did not finish
  deadline, // the run's overall deadline
};

// Everything seen while probing one address (or one proxy tunnel) on one port.
struct Observation
{
  std::string address; // the IP probed; "" through a proxy
  int family = 0;      // 4, 6, or 0 through a proxy
  std::uint16_t port = 0;
  std::uint16_t connect_port = 0; // where the connect went (differs under --port-map)
  std::string source_address;     // this end's address once connected ("" when it never was)
  bool tcp_connected = false;
  int os_errno = 0;    // errno of a failed connect
  double tcp_ms = 0;   // time to connect
  TlsObservation tls;
  ProxyObservation proxy;
  bool proxy_unresolved = false; // the proxy's own name did not resolve
  bool proxy_tls_failed = false; // the TLS connection to an https:// proxy failed
  std::string error;       // the connecting library's message, "" when none
  Timeout timed_out = Timeout::none;
  double total_ms = 0;
};

// One host to check and the ports to probe on it.
struct HostRequest
{
  std::string host;
  std::vector<std::uint16_t> ports;
  profile::Protocol protocol = profile::Protocol::https; // decides the ALPN offered per port
};

// What the engine saw for one host.
struct HostObservation
{
  std::string host;
  bool proxied = false;               // the proxy resolves: no local DNS
  std::vector<dns::Answer> answers;   // one per family asked (empty through a proxy)
  std::vector<Observation> probes;    // one per (address or tunnel) × port, in start order
  bool dns_finished = false;          // false when the deadline came first
  std::string route;                  // the route taken when a PAC file chose it, e.g.
                                      // "PROXY proxy.corp:3128"; "" without a PAC file
  std::vector<std::string> route_failovers; // routes tried before it, and why they failed
};

} // namespace emready::check
