#include "emready/lab/net/log.hpp"

#include <cstdio>
#include <mutex>

namespace emready::lab::net {

void EventLog::line(const std::string& text) const
{
  if (!m_verbose) {
    return;
  }
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::fprintf(stderr, "emready-lab: %s\n", text.c_str());
}

} // namespace emready::lab::net
