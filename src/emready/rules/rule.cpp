#include "emready/rules/rule.hpp"

#include <algorithm>

namespace emready::rules {

bool Rule::allows_port(std::uint16_t port) const
{
  return ports.empty() || std::find(ports.begin(), ports.end(), port) != ports.end();
}

} // namespace emready::rules
