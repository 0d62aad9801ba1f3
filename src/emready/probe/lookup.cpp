#include "emready/probe/lookup.hpp"

#include "emready/probe/resolver.hpp"

#include <optional>
#include <poll.h>

namespace emready::probe {

dns::Answer lookup(const std::string& host, int family, const std::vector<std::string>& servers,
                   std::chrono::milliseconds timeout)
{
  Resolver resolver(servers, timeout);
  std::optional<dns::Answer> answer;
  resolver.query(host, family, [&answer](dns::Answer a) { answer = std::move(a); });
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

} // namespace emready::probe
