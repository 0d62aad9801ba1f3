#include "emready/lab/net/log.hpp"

#include <cstdio>
#include <mutex>

namespace emready::lab::net {

namespace {

void write_line(const std::string& text)
{
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::fprintf(stderr, "emready-lab: %s\n", text.c_str());
}

} // namespace

void EventLog::line(const std::string& text) const
{
  if (m_verbose) {
    write_line(text);
  }
}

void EventLog::warning(const std::string& text) const
{
  write_line(text);
}

} // namespace emready::lab::net
