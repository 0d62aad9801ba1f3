#pragma once

#include "emready/lab/scenario/host_table.hpp"
#include "emready/lab/scenario/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace emready::lab::proxy {

// The parts of a proxy request head the lab looks at.
struct ProxyRequest
{
  std::string method;
  std::string target;               // "host:port" for CONNECT
  std::string host;                 // lower-case
  std::uint16_t port = 0;
  std::string proxy_authorization;  // the header's value, "" when absent
};

// Parses a request head (request line and headers, up to the blank line); nullopt when it
// is not HTTP/1.x.
std::optional<ProxyRequest> parse_proxy_request(std::string_view head);

// What the proxy does with a request: answer with `status`, or tunnel (status 200).
struct ProxyVerdict
{
  int status = 400;
  std::string reason;             // a short text for the body and the log
  net::IpAddress address;         // where to tunnel, when status is 200
  std::uint16_t port = 0;
};

// Decides as Squid would: 407 without valid Basic credentials, 405 for other methods,
// 403 when the allow-list has no rule for host and port, 503 when the lab cannot resolve
// the host (its own table only), else a tunnel to the host's lab address and mapped port.
ProxyVerdict decide(const std::optional<ProxyRequest>& request, const scenario::ProxySpec& proxy,
                    const scenario::HostTable& hosts, const scenario::Scenario& scenario);

// A complete error response: status line, Server, Via, Connection: close, text body.
std::string proxy_error_response(const ProxyVerdict& verdict, const scenario::ProxySpec& proxy);

} // namespace emready::lab::proxy
