#pragma once

#include "emready/dns/answer.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>
#include <sys/socket.h>

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

  // The errno (EMFILE, ENFILE, ENOBUFS, ENOMEM) of the last socket c-ares could not open,
  // or 0 once one opened again: a failed lookup while it is set says nothing of the network.
  int local_exhaustion() const { return m_local_exhaustion; }

  // What came back for one name being looked up, seen under c-ares (which drops replies
  // whose ID or question do not match): how a timeout is explained.
  struct Replies
  {
    unsigned udp = 0;       // datagrams whose question is this name
    bool truncated = false; // one had TC set: c-ares retries over TCP
    unsigned asked = 0;     // lookups of this name and type still running
  };

private:
  struct Pending;
  struct Sockets;
  void expire();
  void explain_silence(const Pending& pending, dns::Answer& answer) const;
  void finish(Pending& pending, dns::Answer answer);
  void note_datagram(const unsigned char* data, std::size_t size);
  bool bind_to_local(int fd, int domain) const;
  static void on_answer(void* arg, int status, int timeouts, unsigned char* abuf, int alen);

  ares_channeldata* m_channel = nullptr;
  std::chrono::milliseconds m_timeout;
  std::vector<std::unique_ptr<Pending>> m_pending; // kept until destruction: c-ares may still call back
  std::size_t m_active = 0;
  int m_local_exhaustion = 0;
  std::optional<sockaddr_storage> m_local_address; // --source-address, for its family
  std::string m_local_device;                      // --interface
  std::unordered_map<int, bool> m_udp_sockets;        // descriptor → is UDP, for the reads
  std::unordered_map<std::string, Replies> m_replies; // by "name/type", while asked
};

} // namespace emready::probe
