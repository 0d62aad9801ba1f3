#include "emready/check/proxy_signatures.hpp"

#include <array>
#include <strings.h>

namespace emready::check {

namespace {

bool equal_nocase(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool starts_nocase(std::string_view text, std::string_view prefix)
{
  return text.size() >= prefix.size() && strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

// One product's answer: matched on the status code, the reason phrase and (when not empty)
// a prefix of the Server header.
struct Known
{
  long status;
  std::string_view reason;
  std::string_view server_prefix;
  ProxyMeaning meaning;
  std::string_view product;
  std::string_view explanation;
  std::string_view source;
};

constexpr std::string_view k_tinyproxy_source =
  "tinyproxy 1.11.1 src/reqs.c, src/html-error.c (github.com/tinyproxy/tinyproxy); answers "
  "captured from Debian's tinyproxy 1.11.1";
constexpr std::string_view k_privoxy_source =
  "Privoxy source: jcc.c, cgi.c, templates/ (www.privoxy.org)";
constexpr std::string_view k_apache_source =
  "Apache httpd 2.4 modules/proxy/mod_proxy_connect.c and proxy_util.c (ap_proxyerror)";

constexpr std::array k_known{
  Known{403, "Filtered", "tinyproxy", ProxyMeaning::denied_host, "tinyproxy",
        "tinyproxy's Filter list blocks the host", k_tinyproxy_source},
  Known{403, "Access violation", "tinyproxy", ProxyMeaning::denied_port, "tinyproxy",
        "tinyproxy's ConnectPort list does not allow CONNECT to this port", k_tinyproxy_source},
  Known{403, "Access denied", "tinyproxy", ProxyMeaning::denied_client, "tinyproxy",
        "tinyproxy does not serve this client (its Allow/Deny list): add the printers' network "
        "(and this workstation's) to Allow",
        k_tinyproxy_source},
  Known{500, "Unable to connect", "tinyproxy", ProxyMeaning::upstream_failed, "tinyproxy",
        "tinyproxy could not connect to the host; it sends the same answer for a refused, "
        "dropped, unreachable or unresolvable host (its log says which)",
        k_tinyproxy_source},
  Known{502, "Unable to connect to upstream proxy", "tinyproxy", ProxyMeaning::parent_failed,
        "tinyproxy", "tinyproxy could not reach its own upstream proxy", k_tinyproxy_source},
  Known{403, "Request blocked by Privoxy", "", ProxyMeaning::denied_host, "Privoxy",
        "Privoxy's block rules (actions files) block the host", k_privoxy_source},
  Known{404, "No such domain", "", ProxyMeaning::dns_failed, "Privoxy",
        "Privoxy could not resolve the host", k_privoxy_source},
  Known{503, "Connect failed", "", ProxyMeaning::upstream_failed, "Privoxy",
        "Privoxy could not connect to the host (refused, dropped or unreachable: it does not say)",
        k_privoxy_source},
  Known{503, "Forwarding failure", "", ProxyMeaning::parent_failed, "Privoxy",
        "Privoxy could not reach the proxy it forwards to", k_privoxy_source},
  Known{403, "Proxy Error", "Apache", ProxyMeaning::denied_host, "Apache httpd",
        "Apache httpd blocks the connection (ProxyBlock, or AllowCONNECT lacks the port)",
        k_apache_source},
  Known{502, "Proxy Error", "Apache", ProxyMeaning::dns_failed, "Apache httpd",
        "Apache httpd's mod_proxy_connect answers 502 Proxy Error when it cannot resolve the host",
        k_apache_source},
};

// RFC 9209 §2.3 error types → meaning.
struct ProxyStatusError
{
  std::string_view type;
  ProxyMeaning meaning;
};

constexpr std::array k_proxy_status_errors{
  ProxyStatusError{"dns_timeout", ProxyMeaning::dns_failed},
  ProxyStatusError{"dns_error", ProxyMeaning::dns_failed},
  ProxyStatusError{"destination_not_found", ProxyMeaning::dns_failed},
  ProxyStatusError{"destination_unavailable", ProxyMeaning::upstream_failed},
  ProxyStatusError{"destination_ip_prohibited", ProxyMeaning::denied_host},
  ProxyStatusError{"destination_ip_unroutable", ProxyMeaning::unreachable},
  ProxyStatusError{"connection_refused", ProxyMeaning::refused},
  ProxyStatusError{"connection_terminated", ProxyMeaning::upstream_failed},
  ProxyStatusError{"connection_timeout", ProxyMeaning::timed_out},
  ProxyStatusError{"connection_read_timeout", ProxyMeaning::timed_out},
  ProxyStatusError{"connection_write_timeout", ProxyMeaning::timed_out},
  ProxyStatusError{"connection_limit_reached", ProxyMeaning::upstream_failed},
  ProxyStatusError{"http_request_denied", ProxyMeaning::denied_host},
  ProxyStatusError{"proxy_internal_error", ProxyMeaning::upstream_failed},
  ProxyStatusError{"proxy_loop_detected", ProxyMeaning::upstream_failed},
};

// The value of parameter `name` in one Proxy-Status member ("error=connection_refused").
std::string_view parameter(std::string_view header, std::string_view name)
{
  std::size_t at = 0;
  while ((at = header.find(name, at)) != std::string_view::npos) {
    const bool starts = at == 0 || header[at - 1] == ';' || header[at - 1] == ' ';
    const auto after = at + name.size();
    if (starts && after < header.size() && header[after] == '=') {
      auto value = header.substr(after + 1);
      return value.substr(0, value.find_first_of(";, "));
    }
    at = after;
  }
  return {};
}

} // namespace

std::string_view reason_phrase(std::string_view status_line)
{
  const auto first = status_line.find(' ');
  if (first == std::string_view::npos) {
    return {};
  }
  const auto second = status_line.find(' ', first + 1);
  return second == std::string_view::npos ? std::string_view() : status_line.substr(second + 1);
}

std::optional<ProxySignature> recognise_proxy_answer(const ProxyObservation& proxy)
{
  if (!proxy.proxy_status.empty()) {
    const auto error = parameter(proxy.proxy_status, "error");
    for (const auto& known : k_proxy_status_errors) {
      if (equal_nocase(error, known.type)) {
        return ProxySignature{known.meaning, "a proxy sending RFC 9209 Proxy-Status",
                              "Proxy-Status: error=" + std::string(error),
                              "RFC 9209, The Proxy-Status HTTP Response Header Field, section 2.3"};
      }
    }
  }
  const auto reason = reason_phrase(proxy.status_line);
  for (const auto& known : k_known) {
    if (known.status == proxy.connect_code && equal_nocase(reason, known.reason) &&
        (known.server_prefix.empty() || starts_nocase(proxy.server, known.server_prefix))) {
      return ProxySignature{known.meaning, std::string(known.product), std::string(known.explanation),
                            std::string(known.source)};
    }
  }
  return std::nullopt;
}

} // namespace emready::check
