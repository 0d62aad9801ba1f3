#pragma once

#include <string>

namespace emready::lab::net {

// One line per event on stderr when verbose; silent otherwise. Thread-safe.
class EventLog
{
public:
  explicit EventLog(bool verbose) : m_verbose(verbose) {}

  // True when lines are written (callers skip formatting otherwise).
  bool enabled() const { return m_verbose; }

  // Writes "emready-lab: LINE" (when verbose).
  void line(const std::string& text) const;

  // Writes "emready-lab: LINE" whether verbose or not: a refusal the admin should see.
  void warning(const std::string& text) const;

private:
  bool m_verbose;
};

} // namespace emready::lab::net
