#pragma once

#include <chrono>
#include <cstddef>

namespace emready::report {

// A live "checked 12/60" line on stderr, shown only on a terminal (TERM not "dumb") and
// only once a run has taken more than a second; erased when done.
class Progress
{
public:
  // Decides from isatty(stderr) and TERM.
  Progress();
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Records that `done` of `total` lookups and probes have finished.
  void update(std::size_t done, std::size_t total);

private:
  bool m_enabled = false;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
};

} // namespace emready::report
