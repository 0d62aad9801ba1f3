#include "emready/lab/net/event_loop.hpp"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace emready::lab::net {

namespace {

sigset_t stop_signals()
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

constexpr std::uint64_t k_signal_tag = ~std::uint64_t{0};

void watch(int epoll, int fd, std::uint64_t tag)
{
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = tag;
  if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
    throw std::runtime_error(std::string("epoll_ctl: ") + std::strerror(errno));
  }
}

} // namespace

void block_stop_signals()
{
  const auto set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

EventLoop::EventLoop()
  : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
  const auto set = stop_signals();
  m_signals.reset(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!m_epoll || !m_signals) {
    throw std::runtime_error(std::string("cannot set up the event loop: ") +
                             std::strerror(errno));
  }
  watch(m_epoll.get(), m_signals.get(), k_signal_tag);
}

void EventLoop::add(int fd, std::function<void()> on_readable)
{
  watch(m_epoll.get(), fd, m_handlers.size());
  m_handlers.push_back(std::move(on_readable));
}

void EventLoop::run()
{
  std::array<epoll_event, 256> events{};
  for (;;) {
    const int count = ::epoll_wait(m_epoll.get(), events.data(), events.size(), -1);
    if (count < 0 && errno != EINTR) {
      throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
    }
    for (int i = 0; i < count; ++i) {
      const auto tag = events[static_cast<std::size_t>(i)].data.u64;
      if (tag == k_signal_tag) {
        return;
      }
      m_handlers[tag]();
    }
  }
}

} // namespace emready::lab::net
