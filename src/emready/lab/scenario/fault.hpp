#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emready::lab::scenario {

// How the lab's DNS responder misbehaves for one host.
enum class DnsFault
{
  none,     // answer with the host's address
  nxdomain, // rcode NXDOMAIN
  servfail, // rcode SERVFAIL
  timeout,  // no reply at all
  refused,  // rcode REFUSED
  nodata,   // NOERROR without answers
  malformed,  // a reply with the query's ID and question whose answer section is cut short
  wrong_id,   // the right answer under another message ID (c-ares drops it)
  truncated,  // UDP replies have TC set and no answer; over TCP the query is never answered
  cname_loop, // NOERROR: the name is a CNAME for loop.NAME, which is a CNAME for the name
};

// How one TLS endpoint (host and port) of the lab misbehaves.
enum class TlsFault
{
  ok,            // normal certificate, TLS 1.2+
  refuse,        // nothing listens: the client gets a RST
  drop,          // SYNs are dropped: the client's connect times out
  silent,        // TCP is accepted but nothing is ever sent
  close,         // the ClientHello is read, then the connection is closed
  delay,         // the handshake starts after delay_ms
  inspection,    // the leaf is signed by an "interception product" CA
  expired,       // the leaf's notAfter is in the past
  not_yet_valid, // the leaf's notBefore is in the future
  wrong_name,    // the leaf is for another name
  old_protocol,  // only TLS 1.0 and 1.1
  client_cert,   // a client certificate is required
  large_chain,   // leaf plus chain_length intermediates
  missing_intermediate, // the leaf alone, without the intermediate that issued it
  reset,         // the ClientHello is read, then the connection is reset (RST)
  alpn_refused,  // an offer of ALPN x-amzn-mqtt-ca ends in alert no_application_protocol
  http_answer,   // the ClientHello is answered in plain HTTP (a web server or portal on 443)
  garbage,       // the ClientHello is answered with 1 MiB of random bytes
  trickle,       // a TLS record header, then one byte every delay_ms: a handshake never done
  huge_certificate, // a 5 MiB leaf certificate (a padding extension)
};

// How the lab's CONNECT proxy misbehaves (for every request it would tunnel).
enum class ProxyFault
{
  none,
  silent,         // reads the CONNECT, never answers
  trickle_header, // "HTTP/1.1 200", then a header line every delay_ms, never the blank line
  huge_header,    // "HTTP/1.1 200", then 10 MiB of header lines
  garbage,        // a complete 200, then 1 MiB of random bytes instead of the tunnel
};

// The scenario-file spelling, e.g. "not-yet-valid".
std::string_view to_string(DnsFault fault);
std::string_view to_string(TlsFault fault);
std::string_view to_string(ProxyFault fault);

// The fault of that spelling, if there is one.
std::optional<DnsFault> dns_fault_named(std::string_view name);
std::optional<TlsFault> tls_fault_named(std::string_view name);
std::optional<ProxyFault> proxy_fault_named(std::string_view name);

// Every spelling, for "did you mean" and help texts.
std::vector<std::string> dns_fault_names();
std::vector<std::string> tls_fault_names();
std::vector<std::string> proxy_fault_names();

// True when the fault needs a TLS listener that completes handshakes.
bool does_handshake(TlsFault fault);

} // namespace emready::lab::scenario
