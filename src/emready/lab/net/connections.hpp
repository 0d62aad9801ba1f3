#pragma once

#include "emready/lab/net/fd.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>

namespace emready::lab::net {

// The lab's connection threads: starts them, lets them sleep until shutdown, and on
// shutdown wakes every blocked socket and waits for the threads to finish.
class Connections
{
public:
  // Runs `work` on a new detached thread counted until it returns.
  void spawn(std::function<void()> work);

  // Registers a socket for shutdown(2) when the lab stops; false if it is stopping already.
  bool watch(int fd);
  // Forgets a socket before it is closed.
  void unwatch(int fd);

  // Sleeps for `duration` or until the lab stops; false when it stopped.
  bool sleep_for(std::chrono::milliseconds duration);

  // Stops: shuts every watched socket down, then waits (up to `patience`) for the threads;
  // false when some are still running.
  bool stop(std::chrono::milliseconds patience);

  // True once stop() was called.
  bool stopping() const;

private:
  void start_thread(std::function<void()> work);

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::set<int> m_fds;
  std::size_t m_threads = 0;
  bool m_stopping = false;
};

// Watches a socket for as long as it lives in a scope.
class Watched
{
public:
  Watched(Connections& connections, int fd)
    : m_connections(connections), m_fd(fd), m_ok(connections.watch(fd))
  {
  }
  ~Watched() { m_connections.unwatch(m_fd); }
  Watched(const Watched&) = delete;
  Watched& operator=(const Watched&) = delete;

  // False when the lab was already stopping: the caller should give up.
  bool ok() const { return m_ok; }

private:
  Connections& m_connections;
  int m_fd;
  bool m_ok;
};

// Accepts every pending connection on `listener` and runs `serve` for each on its own
// thread (counted by `connections`).
void accept_pending(int listener, Connections& connections,
                    const std::function<void(Fd)>& serve);

} // namespace emready::lab::net
