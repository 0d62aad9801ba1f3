#include "emready/lab/scenario/scenario.hpp"

#include <fmt/format.h>

namespace emready::lab::scenario {

std::vector<net::IpAddress> HostSpec::listen_addresses() const
{
  std::vector<net::IpAddress> out{address};
  if (address6) {
    out.push_back(*address6);
  }
  return out;
}

TlsFault HostSpec::fault_on(std::uint16_t port) const
{
  const auto found = tls_by_port.find(port);
  return found == tls_by_port.end() ? tls : found->second;
}

core::InputError Scenario::located(const core::InputError& error, const std::string& key) const
{
  const auto found = origins.find(key);
  if (error.location() || found == origins.end()) {
    return error;
  }
  return core::InputError(fmt::format("{} (the port set by '{}')", error.what(), key), found->second);
}

core::InputError Scenario::located_endpoint(const core::InputError& error, std::uint16_t endpoint_port) const
{
  const auto key = fmt::format("port_map.{}", endpoint_port);
  if (origins.contains(key)) {
    return located(error, key);
  }
  const auto found = origins.find("agents");
  if (error.location() || found == origins.end()) {
    return error;
  }
  return core::InputError(fmt::format("{} (endpoint port {} of these agents' hosts, not in 'port_map')",
                                      error.what(), endpoint_port),
                          found->second);
}

std::uint16_t Scenario::mapped(std::uint16_t port) const
{
  return port_map.mapped(port);
}

std::string Scenario::port_map_text() const
{
  return port_map.text();
}

} // namespace emready::lab::scenario
