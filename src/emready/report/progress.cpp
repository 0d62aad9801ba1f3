#include "emready/report/progress.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <unistd.h>

namespace emready::report {

Progress::Progress() : m_start(std::chrono::steady_clock::now()), m_last(m_start)
{
  const char* term = std::getenv("TERM");
  m_enabled = isatty(STDERR_FILENO) != 0 && (term == nullptr || std::string_view(term) != "dumb");
}

Progress::~Progress()
{
  if (m_shown) {
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
  }
}

void Progress::update(std::size_t done, std::size_t total)
{
  const auto now = std::chrono::steady_clock::now();
  if (!m_enabled || now - m_start < std::chrono::seconds(1) ||
      (m_shown && now - m_last < std::chrono::milliseconds(100))) {
    return;
  }
  m_shown = true;
  m_last = now;
  const auto seconds = std::chrono::duration<double>(now - m_start).count();
  std::fprintf(stderr, "\r\x1b[Kemready: %zu/%zu lookups and probes done (%.1f s)", done, total,
               seconds);
  std::fflush(stderr);
}

} // namespace emready::report
