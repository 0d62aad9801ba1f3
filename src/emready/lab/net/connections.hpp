#pragma once

#include "emready/lab/net/fd.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace emready::lab::net {

// How much a client may take of the lab before it is refused.
struct ConnectionLimits
{
  // A connection must complete its first exchange (TLS handshake and request head, proxy
  // request head, DNS query) within this time, else it is shut down: a slowloris client.
  std::chrono::milliseconds first_request{10000};
  // Connections served at once. At the cap the oldest connection still in its first exchange
  // is shut down for a new one (an idle flood sheds itself, a working client gets in); with
  // none such, the new one is refused.
  std::size_t max_connections = 4096;
};

// The lab's connection threads: starts them, lets them sleep until shutdown, and on
// shutdown wakes every blocked socket and waits for the threads to finish. Watched sockets
// are held to the ConnectionLimits; refusals are logged through `refused`.
class Connections
{
public:
  Connections() = default;
  ~Connections();
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  // Sets the limits and where refusals are said (before any connection).
  void configure(ConnectionLimits limits, std::function<void(const std::string&)> refused);

  // True when a new connection may be served now (making room by shedding the oldest one still
  // in its first exchange); false (and logged) when it must be refused.
  bool admit();

  // The connection being served on this thread has completed its first exchange (or is one
  // of the lab's faults that hold a client on purpose): no first-request limit from now on.
  static void settle_this_connection();

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
  struct Entry
  {
    std::uint64_t order = 0;                    // when it was watched, for shedding
    std::chrono::steady_clock::time_point due;  // the first-request deadline
    bool settled = false;
  };

  friend class Watched;
  void start_thread(std::function<void()> work);
  void settle(int fd);
  void reap(); // the deadline thread; also says what was shed or refused, summed

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::map<int, Entry> m_fds;
  std::size_t m_threads = 0;
  std::uint64_t m_next_order = 0;
  std::size_t m_shed_count = 0;    // since the reaper last spoke
  std::size_t m_refused_count = 0;
  bool m_stopping = false;
  ConnectionLimits m_limits;
  std::function<void(const std::string&)> m_refused;
  std::thread m_reaper;
};

// Watches a socket for as long as it lives in a scope.
class Watched
{
public:
  Watched(Connections& connections, int fd);
  ~Watched();
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
