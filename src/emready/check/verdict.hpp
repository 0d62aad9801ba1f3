#pragma once

#include <optional>
#include <string_view>

namespace emready::check {

// What happened to one endpoint, named after the layer that failed.
enum class Verdict
{
  ok,
  dns_nxdomain,         // the name does not exist (NXDOMAIN)
  dns_servfail,         // the resolver failed (SERVFAIL)
  dns_refused,          // the resolver refused to answer (REFUSED)
  dns_timeout,          // no answer in time, or no resolver reachable
  dns_no_address,       // the name exists but has no address of the wanted family
  dns_sinkhole,         // only addresses no public host has (0.0.0.0, 127.0.0.1, ::, …)
  dns_malformed,        // replies came that do not parse or do not match the query (wrong
                        // ID or question, a looping CNAME chain)
  tcp_refused,          // reset: nothing listens, or a firewall rejects
  tcp_timeout,          // silently dropped
  tcp_unreachable,      // ICMP unreachable / no route
  tls_untrusted,        // chain ends outside the device trust set (interception suspected)
  tls_incomplete_chain, // the server sent its certificate without the intermediate it needs
  tls_expired,          // a certificate of the chain has expired
  tls_not_yet_valid,    // a certificate of the chain is not valid yet
  tls_name_mismatch,    // the certificate does not name the host
  tls_old_protocol,     // TLS below 1.2 negotiated
  tls_handshake_failed, // the handshake ended with an alert or a closed connection
  tls_timeout,          // TCP connects but the handshake never completes (SNI filtering)
  tls_alpn_refused,     // MQTT on 443: the ALPN x-amzn-mqtt-ca was refused or not selected
  proxy_denied,         // the proxy answered CONNECT with 403 or another non-2xx
  proxy_auth_required,  // the proxy answered 407
  proxy_unreachable,    // the proxy itself cannot be reached
  proxy_upstream_failed, // the proxy took the request but could not reach the host (5xx)
  proxy_protocol_error, // the proxy broke HTTP: an endless or oversized answer to CONNECT,
                        // or bytes that are not TLS inside the tunnel it opened
  not_run,              // the run's --deadline passed before the probe finished
};

// The layer a verdict belongs to.
enum class Layer
{
  none,
  dns,
  tcp,
  tls,
  proxy,
};

// The verdict's name as JSON and reports show it, e.g. "tcp-timeout".
std::string_view to_string(Verdict verdict);

// The verdict called `name`, if any.
std::optional<Verdict> verdict_named(std::string_view name);

// "dns", "tcp", "tls", "proxy" or "" for ok / not run.
std::string_view to_string(Layer layer);

// The layer at which `verdict` failed.
Layer layer_of(Verdict verdict);

// True when the fix is to exempt the host from TLS inspection.
bool needs_inspection_bypass(Verdict verdict);

// Every verdict, in declaration order.
constexpr Verdict k_all_verdicts[] = {
  Verdict::ok, Verdict::dns_nxdomain, Verdict::dns_servfail, Verdict::dns_refused,
  Verdict::dns_timeout, Verdict::dns_no_address, Verdict::dns_sinkhole, Verdict::dns_malformed,
  Verdict::tcp_refused,
  Verdict::tcp_timeout, Verdict::tcp_unreachable, Verdict::tls_untrusted,
  Verdict::tls_incomplete_chain, Verdict::tls_expired, Verdict::tls_not_yet_valid,
  Verdict::tls_name_mismatch, Verdict::tls_old_protocol, Verdict::tls_handshake_failed,
  Verdict::tls_timeout, Verdict::tls_alpn_refused, Verdict::proxy_denied,
  Verdict::proxy_auth_required, Verdict::proxy_unreachable, Verdict::proxy_upstream_failed,
  Verdict::proxy_protocol_error, Verdict::not_run,
};

} // namespace emready::check
