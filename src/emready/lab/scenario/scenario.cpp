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

std::uint16_t Scenario::mapped(std::uint16_t port) const
{
  return port_map.mapped(port);
}

std::string Scenario::port_map_text() const
{
  return port_map.text();
}

} // namespace emready::lab::scenario
