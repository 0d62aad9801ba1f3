#pragma once

#include "emready/check/observation.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace emready::check {

// What a proxy product means by an answer, as far as its documentation or source says.
enum class ProxyMeaning
{
  denied_host,     // policy blocks the host: an allow rule on the proxy is missing
  denied_port,     // policy blocks the port (CONNECT port list)
  denied_client,   // the proxy refuses this client, whatever the host
  dns_failed,      // the proxy could not resolve the host
  refused,         // the host refused the proxy's connection
  timed_out,       // the host did not answer the proxy's connect
  unreachable,     // the proxy has no route to the host
  upstream_failed, // the proxy could not reach the host and does not say why
  parent_failed,   // the proxy's own upstream (parent) proxy failed
};

// A recognised answer: the meaning, the product, a sentence for the admin and where the
// signature comes from.
struct ProxySignature
{
  ProxyMeaning meaning;
  std::string product;
  std::string explanation;
  std::string source;
};

// The meaning of a CONNECT answer from what it carries besides Squid's X-Squid-Error:
// RFC 9209 Proxy-Status (any product), then the status line and Server header of products
// whose answers are documented (tinyproxy, Privoxy, Apache httpd). nullopt when nothing is
// recognised.
std::optional<ProxySignature> recognise_proxy_answer(const ProxyObservation& proxy);

// The reason phrase of a status line: "HTTP/1.1 403 Filtered" → "Filtered".
std::string_view reason_phrase(std::string_view status_line);

} // namespace emready::check
