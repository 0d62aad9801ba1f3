#pragma once

#include "emready/dns/answer.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct ares_channeldata;

namespace emready::probe {

// A descriptor the resolver waits on, for the caller's poll loop.
struct WaitFd
{
  int fd = -1;
  bool read = false;
  bool write = false;
};

// Asynchronous A/AAAA lookups with c-ares, driven by the caller's event loop.
class Resolver
{
public:
  using Callback = std::function<void(dns::Answer)>;

  // `servers` ("IP", "IP:PORT", "[IPv6]:PORT") replace the system's resolv.conf servers when
  // not empty; `timeout` bounds each lookup. Throws core::InputError on a bad server.
  Resolver(const std::vector<std::string>& servers, std::chrono::milliseconds timeout);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Starts an A (family 4) or AAAA (family 6) lookup of `host`; `done` runs exactly once,
  // from `process`, or with a timeout answer once `timeout` has passed.
  void query(const std::string& host, int family, Callback done);

  // The descriptors to wait on now.
  std::vector<WaitFd> wait_fds() const;

  // How long the caller may wait before calling `process` again.
  std::optional<std::chrono::milliseconds> next_timeout() const;

  // Handles readiness of `fd` (or only timers when fd < 0).
  void process(int fd, bool readable, bool writable);

  // Sends every query from `address` (an IPv4 or IPv6 literal) or through `interface`
  // (SO_BINDTODEVICE): the printers' network. Empty strings leave the system's choice.
  void bind_local(const std::string& address, const std::string& interface);

  // Lookups still running.
  std::size_t pending() const { return m_active; }

private:
  struct Pending;
  void expire();
  static void on_answer(void* arg, int status, int timeouts, unsigned char* abuf, int alen);

  ares_channeldata* m_channel = nullptr;
  std::chrono::milliseconds m_timeout;
  std::vector<std::unique_ptr<Pending>> m_pending; // kept until destruction: c-ares may still call back
  std::size_t m_active = 0;
};

} // namespace emready::probe
