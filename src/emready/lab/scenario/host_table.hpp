#pragma once

#include "emready/lab/scenario/scenario.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace emready::lab::scenario {

// The served hosts by name, for the DNS responder and the proxy (never system DNS).
class HostTable
{
public:
  // Indexes `hosts`, which must outlive the table.
  explicit HostTable(const std::vector<HostSpec>& hosts);

  // The host called `name` (any case, trailing dot allowed), or nullptr.
  const HostSpec* find(std::string_view name) const;

private:
  std::unordered_map<std::string, const HostSpec*> m_by_name;
};

// `name` in lower case without a trailing dot (RFC 4343: DNS names compare without case).
std::string normalized_name(std::string_view name);

} // namespace emready::lab::scenario
