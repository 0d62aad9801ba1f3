#include "emready/agent/resolve.hpp"

#include "emready/probe/lookup.hpp"

namespace emready::agent {

dns::Answer resolve_ipv4(const std::string& host, const std::vector<std::string>& servers,
                         std::chrono::milliseconds timeout)
{
  return probe::lookup(host, 4, servers, timeout);
}

} // namespace emready::agent
