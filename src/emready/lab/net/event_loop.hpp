#pragma once

#include "emready/lab/net/fd.hpp"

#include <functional>
#include <vector>

namespace emready::lab::net {

// Blocks SIGINT and SIGTERM in this thread and every thread it starts later (the loop
// receives them through a signalfd) and ignores SIGPIPE (peers vanish mid-write).
void block_stop_signals();

// One epoll loop over every listener and the stop signals.
class EventLoop
{
public:
  // Call block_stop_signals() first.
  EventLoop();

  // Calls `on_readable` whenever `fd` (non-blocking, owned elsewhere) is readable.
  void add(int fd, std::function<void()> on_readable);

  // Dispatches until SIGINT or SIGTERM arrives.
  void run();

private:
  Fd m_epoll;
  Fd m_signals;
  std::vector<std::function<void()>> m_handlers;
};

} // namespace emready::lab::net
