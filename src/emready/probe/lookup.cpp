#include "emready/probe/lookup.hpp"

#include "emready/probe/resolver.hpp"

#include <optional>
#include <poll.h>

namespace emready::probe {

std::vector<dns::Answer> lookup_all(const std::vector<std::string>& hosts, int family,
                                    const std::vector<std::string>& servers,
                                    std::chrono::milliseconds timeout)
{
  std::vector<std::optional<dns::Answer>> answers(hosts.size());
  if (hosts.empty()) {
    return {};
  }
  Resolver resolver(servers, timeout);
  std::size_t left = hosts.size();
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    resolver.query(hosts[i], family, [&answers, &left, i](dns::Answer a) {
      answers[i] = std::move(a);
      --left;
    });
  }
  while (left > 0) {
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
  std::vector<dns::Answer> out;
  for (auto& answer : answers) {
    out.push_back(std::move(*answer));
  }
  return out;
}

dns::Answer lookup(const std::string& host, int family, const std::vector<std::string>& servers,
                   std::chrono::milliseconds timeout)
{
  return lookup_all({host}, family, servers, timeout).front();
}

} // namespace emready::probe
