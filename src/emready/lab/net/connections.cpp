#include "emready/lab/net/connections.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <fmt/format.h>
#include <system_error>
#include <vector>
#include <thread>

namespace emready::lab::net {

namespace {

// The first socket watched on this thread (its client) and where: what
// settle_this_connection() settles. A thread serves one client.
struct Current
{
  Connections* connections = nullptr;
  int fd = -1;
};
thread_local Current t_current;

using Clock = std::chrono::steady_clock;

} // namespace

Watched::Watched(Connections& connections, int fd)
  : m_connections(connections), m_fd(fd), m_ok(connections.watch(fd))
{
  if (t_current.connections == nullptr) {
    t_current = {&connections, fd};
  } else {
    connections.settle(fd); // a second socket of the thread (a proxy's upstream): not a client
  }
}

Watched::~Watched()
{
  if (t_current.connections == &m_connections && t_current.fd == m_fd) {
    t_current = {};
  }
  m_connections.unwatch(m_fd);
}

Connections::~Connections()
{
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_changed.notify_all();
  }
  if (m_reaper.joinable()) {
    m_reaper.join();
  }
}

void Connections::configure(ConnectionLimits limits, std::function<void(const std::string&)> refused)
{
  const std::lock_guard lock(m_mutex);
  m_limits = limits;
  m_refused = std::move(refused);
  if (!m_reaper.joinable()) {
    m_reaper = std::thread([this] { reap(); });
  }
}

bool Connections::admit()
{
  const std::lock_guard lock(m_mutex);
  if (m_threads < m_limits.max_connections) {
    return true;
  }
  // The oldest connection still in its first exchange makes room.
  auto oldest = m_fds.end();
  for (auto it = m_fds.begin(); it != m_fds.end(); ++it) {
    if (!it->second.settled && (oldest == m_fds.end() || it->second.order < oldest->second.order)) {
      oldest = it;
    }
  }
  if (oldest == m_fds.end()) {
    ++m_refused_count; // said by the reaper, summed: a flood must not flood the log too
    return false;
  }
  ::shutdown(oldest->first, SHUT_RDWR);
  oldest->second.settled = true; // shut once
  ++m_shed_count;
  return true;
}

void Connections::settle_this_connection()
{
  if (t_current.connections != nullptr) {
    t_current.connections->settle(t_current.fd);
  }
}

void Connections::settle(int fd)
{
  const std::lock_guard lock(m_mutex);
  if (const auto it = m_fds.find(fd); it != m_fds.end()) {
    it->second.settled = true;
  }
}

void Connections::reap()
{
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    m_changed.wait_for(lock, std::chrono::milliseconds(100), [this] { return m_stopping; });
    const auto now = Clock::now();
    std::size_t cut = 0;
    for (auto& [fd, entry] : m_fds) {
      if (!entry.settled && entry.due <= now) {
        ::shutdown(fd, SHUT_RDWR);
        entry.settled = true;
        ++cut;
      }
    }
    std::vector<std::string> said;
    const auto max = std::to_string(m_limits.max_connections);
    if (cut > 0) {
      said.push_back(fmt::format("{} connection{} closed: no complete request within {} ms (a slow or "
                                 "idle client)", cut, cut == 1 ? "" : "s", m_limits.first_request.count()));
    }
    if (m_shed_count > 0) {
      said.push_back(fmt::format("at the connection limit ({}): {} connection{} without a complete "
                                 "request closed to admit new ones", max, m_shed_count,
                                 m_shed_count == 1 ? "" : "s"));
    }
    if (m_refused_count > 0) {
      said.push_back(fmt::format("at the connection limit ({}) with every connection busy: {} new "
                                 "connection{} refused", max, m_refused_count, m_refused_count == 1 ? "" : "s"));
    }
    m_shed_count = 0;
    m_refused_count = 0;
    if (!said.empty() && m_refused) {
      lock.unlock();
      for (const auto& line : said) {
        m_refused(line);
      }
      lock.lock();
    }
  }
}

void Connections::spawn(std::function<void()> work)
{
  {
    const std::lock_guard lock(m_mutex);
    ++m_threads;
  }
  try {
    start_thread(std::move(work));
  } catch (...) {
    const std::lock_guard lock(m_mutex);
    --m_threads;
    throw;
  }
}

void Connections::start_thread(std::function<void()> work)
{
  std::thread([this, work = std::move(work)] {
    try {
      work();
    } catch (...) {
      // A connection that fails must never take the lab down.
    }
    const std::lock_guard lock(m_mutex);
    --m_threads;
    m_changed.notify_all();
  }).detach();
}

bool Connections::watch(int fd)
{
  const std::lock_guard lock(m_mutex);
  m_fds[fd] = Entry{m_next_order++, Clock::now() + m_limits.first_request, false};
  if (m_stopping) {
    ::shutdown(fd, SHUT_RDWR);
  }
  return !m_stopping;
}

void Connections::unwatch(int fd)
{
  const std::lock_guard lock(m_mutex);
  m_fds.erase(fd);
}

bool Connections::sleep_for(std::chrono::milliseconds duration)
{
  std::unique_lock lock(m_mutex);
  return !m_changed.wait_for(lock, duration, [this] { return m_stopping; });
}

bool Connections::stop(std::chrono::milliseconds patience)
{
  std::unique_lock lock(m_mutex);
  m_stopping = true;
  for (const auto& [fd, entry] : m_fds) {
    ::shutdown(fd, SHUT_RDWR);
  }
  m_changed.notify_all();
  return m_changed.wait_for(lock, patience, [this] { return m_threads == 0; });
}

bool Connections::stopping() const
{
  const std::lock_guard lock(m_mutex);
  return m_stopping;
}

void accept_pending(int listener, Connections& connections,
                    const std::function<void(Fd)>& serve)
{
  for (;;) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      return; // EAGAIN: nothing more (EMFILE: retried when the loop comes back)
    }
    // Every lab message goes out whole; Nagle would hold the TLS 1.3 session tickets' tail
    // back until the client's delayed ACK (about 40 ms per request).
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (!connections.admit()) {
      ::close(fd);
      continue;
    }
    try {
      connections.spawn([fd, serve] { serve(Fd(fd)); });
    } catch (const std::system_error&) {
      ::close(fd); // no thread to be had: the client sees a reset, the lab lives on
    }
  }
}

} // namespace emready::lab::net
