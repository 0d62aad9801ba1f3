#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emready::probe {

// One certificate of the chain a server sent.
struct CertInfo
{
  std::string subject;            // one-line form, e.g. "CN=gw.srv.ygles.com"
  std::string issuer;
  std::vector<std::string> names; // subjectAltName DNS entries
  std::string not_before;         // ISO 8601, UTC
  std::string not_after;
};

// The device trust set's opinion of a chain (OpenSSL X509_V_ERR_* codes, deduplicated).
struct ChainCheck
{
  bool checked = false;             // a chain was received and verified
  std::vector<int> errors;          // empty: trusted, valid, right name
  std::vector<std::string> messages; // human text of each error, same order
};

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
  std::string alert;               // the last alert the server sent, e.g. "handshake failure"
  std::vector<CertInfo> chain;     // as sent, leaf first
  ChainCheck check;
  double ms = 0;                   // handshake time
};

// What the proxy showed, when one was used.
struct ProxyObservation
{
  bool used = false;
  std::string url;            // without credentials
  long connect_code = 0;      // status of the CONNECT answer, 0 = none
  std::string status_line;    // e.g. "HTTP/1.1 403 Forbidden"
  std::string via;
  std::string server;
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
  bool tcp_connected = false;
  int os_errno = 0;    // errno of a failed connect
  double tcp_ms = 0;   // time to connect
  TlsObservation tls;
  ProxyObservation proxy;
  int curl_code = 0;       // CURLcode
  std::string curl_error;  // curl's message
  Timeout timed_out = Timeout::none;
  double total_ms = 0;
};

} // namespace emready::probe
