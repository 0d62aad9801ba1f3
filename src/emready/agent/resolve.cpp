#include "emready/agent/resolve.hpp"

#include "emready/probe/resolver.hpp"

#include <poll.h>

#include <optional>

namespace emready::agent {

dns::Answer resolve_ipv4(const std::string& host, const std::vector<std::string>& servers,
                         std::chrono::milliseconds timeout)
{
  probe::Resolver resolver(servers, timeout);
  std::optional<dns::Answer> answer;
  resolver.query(host, 4, [&answer](dns::Answer a) { answer = std::move(a); });
  while (!answer) {
    std::vector<pollfd> fds;
    for (const auto& wait : resolver.wait_fds()) {
      fds.push_back({wait.fd, static_cast<short>((wait.read ? POLLIN : 0) |
                                                 (wait.write ? POLLOUT : 0)), 0});
    }
    const auto wait = resolver.next_timeout().value_or(std::chrono::milliseconds(100));
    ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    for (const auto& fd : fds) {
      if (fd.revents != 0) {
        resolver.process(fd.fd, (fd.revents & (POLLIN | POLLERR | POLLHUP)) != 0,
                         (fd.revents & POLLOUT) != 0);
      }
    }
    resolver.process(-1, false, false);
  }
  return *answer;
}

} // namespace emready::agent
