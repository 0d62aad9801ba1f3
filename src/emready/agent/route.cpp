#include "emready/agent/route.hpp"

namespace emready::agent {

std::uint16_t Route::mapped(std::uint16_t port) const
{
  const auto it = port_map.find(port);
  return it == port_map.end() ? port : it->second;
}

std::string Route::connect_to(const std::string& host, std::uint16_t port) const
{
  const auto it = addresses.find(host);
  if (!proxy.empty() || it == addresses.end()) {
    return "";
  }
  const auto& address = it->second;
  const auto shown = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  return host + ":" + std::to_string(port) + ":" + shown + ":" + std::to_string(mapped(port));
}

} // namespace emready::agent
