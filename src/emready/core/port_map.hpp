#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emready::core {

// Which port is dialled for an endpoint's port: labs without root serve 443 on, say, 10443.
// The one port-map type, used by check's engine, the lab agent and the lab's scenario.
class PortMap
{
public:
  PortMap() = default;

  // Parses "443=10443,8883=18883" items (each may hold several, comma-separated). Throws
  // core::InputError naming the bad item; a port mapped twice keeps the last mapping.
  static PortMap parse(const std::vector<std::string>& items);

  // Maps `from` to `to` (replacing an earlier mapping of `from`).
  void set(std::uint16_t from, std::uint16_t to);

  // The port dialled for endpoint port `port` (itself when not mapped).
  std::uint16_t mapped(std::uint16_t port) const;

  // True when nothing is mapped.
  bool empty() const { return m_entries.empty(); }

  // The mappings as (endpoint port, dialled port), sorted by endpoint port.
  const std::vector<std::pair<std::uint16_t, std::uint16_t>>& entries() const { return m_entries; }

  // "443=10443,8883=18883", the form parse() takes.
  std::string text() const;

private:
  std::vector<std::pair<std::uint16_t, std::uint16_t>> m_entries;
};

} // namespace emready::core
