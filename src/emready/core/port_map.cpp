#include "emready/core/port_map.hpp"

#include "emready/core/error.hpp"

#include <algorithm>

namespace emready::core {

namespace {

std::uint16_t port_number(const std::string& text, const std::string& item)
{
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(text) < 1 || std::stoi(text) > 65535) {
    throw InputError("'" + item + "': '" + text + "' is not a port (1-65535)");
  }
  return static_cast<std::uint16_t>(std::stoi(text));
}

} // namespace

PortMap PortMap::parse(const std::vector<std::string>& items)
{
  PortMap map;
  for (const auto& list : items) {
    std::size_t start = 0;
    while (start <= list.size()) {
      const auto end = std::min(list.find(',', start), list.size());
      const auto item = list.substr(start, end - start);
      const auto equals = item.find('=');
      if (equals == std::string::npos) {
        throw InputError("'" + item + "': expected ENDPOINT_PORT=DIALLED_PORT, e.g. 443=10443");
      }
      map.set(port_number(item.substr(0, equals), item), port_number(item.substr(equals + 1), item));
      start = end + 1;
    }
  }
  return map;
}

void PortMap::set(std::uint16_t from, std::uint16_t to)
{
  const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), from,
                                   [](const auto& entry, std::uint16_t port) { return entry.first < port; });
  if (it != m_entries.end() && it->first == from) {
    it->second = to;
  } else {
    m_entries.insert(it, {from, to});
  }
}

std::uint16_t PortMap::mapped(std::uint16_t port) const
{
  const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), port,
                                   [](const auto& entry, std::uint16_t p) { return entry.first < p; });
  return it != m_entries.end() && it->first == port ? it->second : port;
}

std::string PortMap::text() const
{
  std::string out;
  for (const auto& [from, to] : m_entries) {
    out += (out.empty() ? "" : ",") + std::to_string(from) + "=" + std::to_string(to);
  }
  return out;
}

} // namespace emready::core
