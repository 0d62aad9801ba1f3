#include "emready/probe/resolver.hpp"

#include "emready/core/error.hpp"
#include "emready/probe/dns_reply.hpp"

#include <algorithm>
#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>

namespace emready::probe {

using dns::Answer;
using dns::Status;

using Clock = std::chrono::steady_clock;

struct Resolver::Pending
{
  Resolver* resolver = nullptr;
  std::string host;
  int family = 4;
  Callback done;
  Clock::time_point start;
  bool finished = false;
};

namespace {

struct AresLibrary
{
  AresLibrary() { ares_library_init(ARES_LIB_INIT_ALL); }
  ~AresLibrary() { ares_library_cleanup(); }
};


} // namespace

Resolver::Resolver(const std::vector<std::string>& servers, std::chrono::milliseconds timeout)
  : m_timeout(timeout)
{
  static AresLibrary library;
  ares_options options{};
  // Two tries whose timeouts (t, then 2t) add up to the budget; `expire` enforces it.
  options.timeout = std::max(100, static_cast<int>(timeout.count() / 3));
  options.tries = 2;
  // NOCHECKRESP: a SERVFAIL or REFUSED answer is the finding, not a reason to move on and
  // report "could not contact DNS servers" once every server has said the same.
  options.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOCHECKRESP;
  if (ares_init_options(&m_channel, &options,
                        ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS) != ARES_SUCCESS) {
    throw core::InputError("cannot set up the DNS resolver (is /etc/resolv.conf readable?)");
  }
  if (!servers.empty()) {
    std::string csv;
    for (const auto& server : servers) {
      csv += (csv.empty() ? "" : ",") + server;
    }
    const int status = ares_set_servers_ports_csv(m_channel, csv.c_str());
    if (status != ARES_SUCCESS) {
      ares_destroy(m_channel);
      throw core::InputError("'" + csv + "' is not a DNS server list c-ares takes: " + ares_strerror(status) +
                             " (expected IP, IP:PORT or [IPv6]:PORT)");
    }
  }
}

void Resolver::bind_local(const std::string& address, const std::string& interface)
{
  if (!address.empty()) {
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
      ares_set_local_ip4(m_channel, ntohl(v4.s_addr));
    } else if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
      ares_set_local_ip6(m_channel, v6.s6_addr);
    }
  }
  if (!interface.empty()) {
    ares_set_local_dev(m_channel, interface.c_str());
  }
}

Resolver::~Resolver()
{
  ares_destroy(m_channel); // pending callbacks run with ARES_EDESTRUCTION and are ignored
}

void Resolver::query(const std::string& host, int family, Callback done)
{
  auto pending = std::make_unique<Pending>();
  pending->resolver = this;
  pending->host = host;
  pending->family = family;
  pending->done = std::move(done);
  pending->start = Clock::now();
  auto* raw = pending.get();
  m_pending.push_back(std::move(pending));
  ++m_active;
  ares_query(m_channel, host.c_str(), ns_c_in, family == 4 ? ns_t_a : ns_t_aaaa, on_answer, raw);
}

void Resolver::on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen)
{
  auto* pending = static_cast<Pending*>(arg);
  if (status == ARES_EDESTRUCTION || pending->finished) {
    return;
  }
  pending->finished = true;
  --pending->resolver->m_active;
  Answer answer;
  answer.family = pending->family;
  answer.ms = std::chrono::duration<double, std::milli>(Clock::now() - pending->start).count();
  if (status == ARES_SUCCESS) {
    parse_reply(pending->family, abuf, alen, answer);
  } else {
    answer.status = status_of(status);
    answer.detail = ares_strerror(status);
  }
  pending->done(std::move(answer));
}

void Resolver::expire()
{
  const auto now = Clock::now();
  for (std::size_t i = 0; i < m_pending.size(); ++i) { // `done` may add lookups
    auto* pending = m_pending[i].get();
    if (!pending->finished && now - pending->start >= m_timeout) {
      pending->finished = true;
      --m_active;
      Answer answer;
      answer.family = pending->family;
      answer.status = Status::timeout;
      answer.detail = "no answer within " + std::to_string(m_timeout.count()) + " ms";
      answer.ms = std::chrono::duration<double, std::milli>(now - pending->start).count();
      pending->done(std::move(answer));
    }
  }
}

std::vector<WaitFd> Resolver::wait_fds() const
{
  ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
  const int bits = ares_getsock(m_channel, sockets, ARES_GETSOCK_MAXNUM);
  std::vector<WaitFd> out;
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    const bool read = ARES_GETSOCK_READABLE(bits, i);
    const bool write = ARES_GETSOCK_WRITABLE(bits, i);
    if (read || write) {
      out.push_back({sockets[i], read, write});
    }
  }
  return out;
}

std::optional<std::chrono::milliseconds> Resolver::next_timeout() const
{
  std::optional<std::chrono::milliseconds> out;
  timeval tv{};
  if (ares_timeout(m_channel, nullptr, &tv) != nullptr) {
    out = std::chrono::milliseconds(tv.tv_sec * 1000 + tv.tv_usec / 1000);
  }
  const auto now = Clock::now();
  for (const auto& pending : m_pending) {
    if (!pending->finished) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        pending->start + m_timeout - now);
      const auto wait = std::max(left, std::chrono::milliseconds(0));
      out = out ? std::min(*out, wait) : wait;
    }
  }
  return out;
}

void Resolver::process(int fd, bool readable, bool writable)
{
  ares_process_fd(m_channel, readable ? fd : ARES_SOCKET_BAD, writable ? fd : ARES_SOCKET_BAD);
  expire();
}

} // namespace emready::probe
