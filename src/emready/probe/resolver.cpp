#include "emready/probe/resolver.hpp"

#include "emready/core/error.hpp"
#include "emready/core/open_files.hpp"
#include "emready/probe/dns_reply.hpp"

#include <algorithm>
#include <ares.h>
#include <cctype>
#include <cerrno>
#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
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
  std::string key; // into m_replies
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

std::string reply_key(std::string name, int type)
{
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!name.empty() && name.back() == '.') {
    name.pop_back();
  }
  return name + (type == ns_t_a ? "/A" : type == ns_t_aaaa ? "/AAAA" : "/other");
}

} // namespace

// c-ares's own socket calls, plus what c-ares does not tell: that a socket could not be
// opened for want of descriptors, and which replies arrived (it drops mismatched ones).
struct Resolver::Sockets
{
  static ares_socket_t open(int domain, int type, int protocol, void* self)
  {
    auto* resolver = static_cast<Resolver*>(self);
    // Non-blocking, as c-ares makes its own: it reads until EAGAIN.
    const int fd = ::socket(domain, type | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
    if (fd < 0) {
      if (core::is_local_exhaustion(errno)) {
        resolver->m_local_exhaustion = errno;
      }
      return ARES_SOCKET_BAD;
    }
    resolver->m_local_exhaustion = 0;
    // What c-ares does for its own sockets (ares_set_local_ip4/6, ares_set_local_dev) but
    // not for ours. A socket that cannot be bound is not used: c-ares reports the server
    // unreachable, as it would for its own.
    if (!resolver->bind_to_local(fd, domain)) {
      ::close(fd);
      return ARES_SOCKET_BAD;
    }
    resolver->m_udp_sockets[fd] = type == SOCK_DGRAM;
    return fd;
  }

  static int close(ares_socket_t fd, void* self)
  {
    static_cast<Resolver*>(self)->m_udp_sockets.erase(fd);
    return ::close(fd);
  }

  static int connect(ares_socket_t fd, const sockaddr* address, ares_socklen_t size, void*)
  {
    return ::connect(fd, address, size);
  }

  static ares_ssize_t receive(ares_socket_t fd, void* buffer, size_t size, int flags,
                              sockaddr* from, ares_socklen_t* from_size, void* self)
  {
    const auto got = ::recvfrom(fd, buffer, size, flags, from, from_size);
    auto* resolver = static_cast<Resolver*>(self);
    if (got > 0) {
      if (const auto it = resolver->m_udp_sockets.find(fd); it != resolver->m_udp_sockets.end() && it->second) {
        resolver->note_datagram(static_cast<const unsigned char*>(buffer), static_cast<std::size_t>(got));
      }
    }
    return got;
  }

  // sendmsg with MSG_NOSIGNAL, not writev: a DNS server that resets its TCP side must not
  // kill the run with SIGPIPE.
  static ares_ssize_t send(ares_socket_t fd, const iovec* vectors, int count, void*)
  {
    msghdr message{};
    message.msg_iov = const_cast<iovec*>(vectors);
    message.msg_iovlen = static_cast<std::size_t>(count);
    return ::sendmsg(fd, &message, MSG_NOSIGNAL);
  }

  static constexpr ares_socket_functions k_functions{open, close, connect, receive, send};
};

namespace {


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
  ares_set_socket_functions(m_channel, &Sockets::k_functions, this);
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
  // c-ares applies neither for sockets it opens through our functions: Sockets::open does.
  m_local_address.reset();
  if (!address.empty()) {
    sockaddr_storage local{};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&local);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&local);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      m_local_address = local;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      m_local_address = local;
    }
  }
  m_local_device = interface;
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
  pending->key = reply_key(host, family == 4 ? ns_t_a : ns_t_aaaa);
  ++m_replies[pending->key].asked;
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
  Answer answer;
  answer.family = pending->family;
  answer.ms = std::chrono::duration<double, std::milli>(Clock::now() - pending->start).count();
  if (status == ARES_SUCCESS) {
    parse_reply(pending->family, abuf, alen, answer);
  } else {
    answer.status = status_of(status);
    answer.detail = ares_strerror(status);
    if (status == ARES_ETIMEOUT || status == ARES_ECONNREFUSED) {
      pending->resolver->explain_silence(*pending, answer);
    }
  }
  pending->resolver->finish(*pending, std::move(answer));
}

void Resolver::expire()
{
  const auto now = Clock::now();
  for (std::size_t i = 0; i < m_pending.size(); ++i) { // `done` may add lookups
    auto* pending = m_pending[i].get();
    if (!pending->finished && now - pending->start >= m_timeout) {
      Answer answer;
      answer.family = pending->family;
      answer.status = Status::timeout;
      answer.detail = "no answer within " + std::to_string(m_timeout.count()) + " ms";
      answer.ms = std::chrono::duration<double, std::milli>(now - pending->start).count();
      explain_silence(*pending, answer);
      finish(*pending, std::move(answer));
    }
  }
}

bool Resolver::bind_to_local(int fd, int domain) const
{
  if (!m_local_device.empty() &&
      setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, m_local_device.c_str(),
                 static_cast<socklen_t>(m_local_device.size())) != 0) {
    return false;
  }
  if (m_local_address && m_local_address->ss_family == domain) {
    const auto size = domain == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
    return ::bind(fd, reinterpret_cast<const sockaddr*>(&*m_local_address),
                  static_cast<socklen_t>(size)) == 0;
  }
  return true;
}

void Resolver::finish(Pending& pending, Answer answer)
{
  pending.finished = true;
  --m_active;
  if (const auto it = m_replies.find(pending.key); it != m_replies.end() && --it->second.asked == 0) {
    m_replies.erase(it);
  }
  pending.done(std::move(answer));
}

// A lookup that got no usable reply: say what did arrive, which c-ares does not.
void Resolver::explain_silence(const Pending& pending, Answer& answer) const
{
  const auto it = m_replies.find(pending.key);
  if (it == m_replies.end()) {
    return;
  }
  const auto& replies = it->second;
  if (replies.truncated) {
    answer.status = Status::timeout;
    answer.detail = "the UDP reply was truncated (TC) and the retry over TCP got no answer: "
                    "DNS over TCP (port 53) is blocked, or the resolver does not answer over TCP";
  } else if (replies.udp > 0) {
    answer.status = Status::malformed;
    answer.detail = fmt::format("{} repl{} for this name came but none matched the query (wrong ID "
                                "or question): the resolver, or something on the way, mangles DNS",
                                replies.udp, replies.udp == 1 ? "y" : "ies");
  }
}

// A datagram from a DNS server, before c-ares matches it: counted for its question's name.
void Resolver::note_datagram(const unsigned char* data, std::size_t size)
{
  const auto question = reply_question(data, size);
  if (!question) {
    return;
  }
  const auto it = m_replies.find(reply_key(question->name, question->type));
  if (it == m_replies.end()) {
    return; // a name nobody asked for: not kept, so a flood cannot grow the map
  }
  ++it->second.udp;
  it->second.truncated = it->second.truncated || question->truncated;
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
