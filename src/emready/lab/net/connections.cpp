#include "emready/lab/net/connections.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <system_error>
#include <thread>

namespace emready::lab::net {

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
  m_fds.insert(fd);
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
  for (const int fd : m_fds) {
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
    try {
      connections.spawn([fd, serve] { serve(Fd(fd)); });
    } catch (const std::system_error&) {
      ::close(fd); // no thread to be had: the client sees a reset, the lab lives on
    }
  }
}

} // namespace emready::lab::net
