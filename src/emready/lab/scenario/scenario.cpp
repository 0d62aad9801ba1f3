#include "emready/lab/scenario/scenario.hpp"

#include <fmt/format.h>

namespace emready::lab::scenario {

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
