#include "emready/lab/scenario/fault.hpp"

#include <array>
#include <utility>

namespace emready::lab::scenario {

namespace {

constexpr std::array<std::pair<DnsFault, std::string_view>, 10> k_dns_names{{
  {DnsFault::none, "none"},
  {DnsFault::nxdomain, "nxdomain"},
  {DnsFault::servfail, "servfail"},
  {DnsFault::timeout, "timeout"},
  {DnsFault::refused, "refused"},
  {DnsFault::nodata, "nodata"},
  {DnsFault::malformed, "malformed"},
  {DnsFault::wrong_id, "wrong-id"},
  {DnsFault::truncated, "truncated"},
  {DnsFault::cname_loop, "cname-loop"},
}};

constexpr std::array<std::pair<TlsFault, std::string_view>, 20> k_tls_names{{
  {TlsFault::ok, "ok"},
  {TlsFault::refuse, "refuse"},
  {TlsFault::drop, "drop"},
  {TlsFault::silent, "silent"},
  {TlsFault::close, "close"},
  {TlsFault::delay, "delay"},
  {TlsFault::inspection, "inspection"},
  {TlsFault::expired, "expired"},
  {TlsFault::not_yet_valid, "not-yet-valid"},
  {TlsFault::wrong_name, "wrong-name"},
  {TlsFault::old_protocol, "old-protocol"},
  {TlsFault::client_cert, "client-cert"},
  {TlsFault::large_chain, "large-chain"},
  {TlsFault::missing_intermediate, "missing-intermediate"},
  {TlsFault::reset, "reset"},
  {TlsFault::alpn_refused, "alpn-refused"},
  {TlsFault::http_answer, "http-answer"},
  {TlsFault::garbage, "garbage"},
  {TlsFault::trickle, "trickle"},
  {TlsFault::huge_certificate, "huge-certificate"},
}};

constexpr std::array<std::pair<ProxyFault, std::string_view>, 5> k_proxy_names{{
  {ProxyFault::none, "none"},
  {ProxyFault::silent, "silent"},
  {ProxyFault::trickle_header, "trickle-header"},
  {ProxyFault::huge_header, "huge-header"},
  {ProxyFault::garbage, "garbage"},
}};

template <typename Table, typename Fault>
std::string_view name_in(const Table& table, Fault fault)
{
  for (const auto& [value, name] : table) {
    if (value == fault) {
      return name;
    }
  }
  return "?";
}

template <typename Fault, typename Table>
std::optional<Fault> value_in(const Table& table, std::string_view name)
{
  for (const auto& [value, spelling] : table) {
    if (spelling == name) {
      return value;
    }
  }
  return std::nullopt;
}

template <typename Table>
std::vector<std::string> names_in(const Table& table)
{
  std::vector<std::string> names;
  for (const auto& entry : table) {
    names.emplace_back(entry.second);
  }
  return names;
}

} // namespace

std::string_view to_string(DnsFault fault) { return name_in(k_dns_names, fault); }
std::string_view to_string(TlsFault fault) { return name_in(k_tls_names, fault); }
std::string_view to_string(ProxyFault fault) { return name_in(k_proxy_names, fault); }

std::optional<DnsFault> dns_fault_named(std::string_view name)
{
  return value_in<DnsFault>(k_dns_names, name);
}

std::optional<TlsFault> tls_fault_named(std::string_view name)
{
  return value_in<TlsFault>(k_tls_names, name);
}

std::optional<ProxyFault> proxy_fault_named(std::string_view name)
{
  return value_in<ProxyFault>(k_proxy_names, name);
}

std::vector<std::string> dns_fault_names() { return names_in(k_dns_names); }
std::vector<std::string> proxy_fault_names() { return names_in(k_proxy_names); }
std::vector<std::string> tls_fault_names() { return names_in(k_tls_names); }

bool does_handshake(TlsFault fault)
{
  switch (fault) {
  case TlsFault::refuse:
  case TlsFault::drop:
  case TlsFault::silent:
  case TlsFault::close:
  case TlsFault::reset:
    return false;
  default:
    return true;
  }
}

} // namespace emready::lab::scenario
