#include "emready/check/verdict.hpp"

namespace emready::check {

std::string_view to_string(Verdict verdict)
{
  switch (verdict) {
  case Verdict::ok: return "ok";
  case Verdict::dns_nxdomain: return "dns-nxdomain";
  case Verdict::dns_servfail: return "dns-servfail";
  case Verdict::dns_refused: return "dns-refused";
  case Verdict::dns_timeout: return "dns-timeout";
  case Verdict::dns_no_address: return "dns-no-address";
  case Verdict::dns_sinkhole: return "dns-sinkhole";
  case Verdict::dns_malformed: return "dns-malformed";
  case Verdict::tcp_refused: return "tcp-refused";
  case Verdict::tcp_timeout: return "tcp-timeout";
  case Verdict::tcp_unreachable: return "tcp-unreachable";
  case Verdict::tls_untrusted: return "tls-untrusted";
  case Verdict::tls_incomplete_chain: return "tls-incomplete-chain";
  case Verdict::tls_expired: return "tls-expired";
  case Verdict::tls_not_yet_valid: return "tls-not-yet-valid";
  case Verdict::tls_name_mismatch: return "tls-name-mismatch";
  case Verdict::tls_old_protocol: return "tls-old-protocol";
  case Verdict::tls_handshake_failed: return "tls-handshake-failed";
  case Verdict::tls_timeout: return "tls-timeout";
  case Verdict::tls_alpn_refused: return "tls-alpn-refused";
  case Verdict::proxy_denied: return "proxy-denied";
  case Verdict::proxy_auth_required: return "proxy-auth-required";
  case Verdict::proxy_unreachable: return "proxy-unreachable";
  case Verdict::proxy_upstream_failed: return "proxy-upstream-failed";
  case Verdict::proxy_protocol_error: return "proxy-protocol-error";
  case Verdict::not_run: return "not-run";
  }
  return "?";
}

std::optional<Verdict> verdict_named(std::string_view name)
{
  for (const auto verdict : k_all_verdicts) {
    if (to_string(verdict) == name) {
      return verdict;
    }
  }
  return std::nullopt;
}

std::string_view to_string(Layer layer)
{
  switch (layer) {
  case Layer::none: return "";
  case Layer::dns: return "dns";
  case Layer::tcp: return "tcp";
  case Layer::tls: return "tls";
  case Layer::proxy: return "proxy";
  }
  return "";
}

Layer layer_of(Verdict verdict)
{
  const auto name = to_string(verdict);
  for (const auto layer : {Layer::dns, Layer::tcp, Layer::tls, Layer::proxy}) {
    const auto prefix = to_string(layer);
    if (name.substr(0, prefix.size()) == prefix && name[prefix.size()] == '-') {
      return layer;
    }
  }
  return Layer::none;
}

bool needs_inspection_bypass(Verdict verdict)
{
  return verdict == Verdict::tls_untrusted;
}

} // namespace emready::check
