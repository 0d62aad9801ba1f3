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
  const auto found = port_map.find(port);
  return found == port_map.end() ? port : found->second;
}

std::string Scenario::port_map_text() const
{
  std::string text;
  for (const auto& [from, to] : port_map) {
    text += fmt::format("{}{}={}", text.empty() ? "" : ",", from, to);
  }
  return text;
}

} // namespace emready::lab::scenario
