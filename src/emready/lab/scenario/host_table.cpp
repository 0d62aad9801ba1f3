#include "emready/lab/scenario/host_table.hpp"

#include "emready/core/host_name.hpp"

namespace emready::lab::scenario {

HostTable::HostTable(const std::vector<HostSpec>& hosts)
{
  m_by_name.reserve(hosts.size());
  for (const auto& host : hosts) {
    m_by_name.emplace(host.name, &host);
  }
}

const HostSpec* HostTable::find(std::string_view name) const
{
  const auto found = m_by_name.find(normalized_name(name));
  return found == m_by_name.end() ? nullptr : found->second;
}

std::string normalized_name(std::string_view name)
{
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  return core::to_lower(name);
}

} // namespace emready::lab::scenario
