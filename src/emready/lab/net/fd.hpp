#pragma once

#include <unistd.h>

#include <utility>

namespace emready::lab::net {

// An owned file descriptor, closed on destruction; move-only.
class Fd
{
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept
  {
    if (this != &other) {
      reset(std::exchange(other.m_fd, -1));
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  // The descriptor, -1 when empty.
  int get() const { return m_fd; }
  // True when it holds a descriptor.
  explicit operator bool() const { return m_fd >= 0; }
  // Closes the held descriptor and holds `fd` instead.
  void reset(int fd = -1)
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd = -1;
};

} // namespace emready::lab::net
