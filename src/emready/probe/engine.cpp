#include "emready/probe/engine.hpp"

#include "emready/core/open_files.hpp"
#include "emready/probe/probe.hpp"
#include "emready/probe/resolver.hpp"

#include <algorithm>
#include <deque>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <unordered_map>

namespace emready::probe {

namespace {

// Longest sleep between checks of the probes' phase limits.
constexpr std::chrono::milliseconds k_tick{20};

// DNS lookups in flight at once. Sending every lookup of a large run at t=0 overflows UDP
// receive buffers (ours and the server's: 10,000 hosts are 20,000 datagrams) and turns a
// healthy resolver into dns-timeouts; a full eM check (about 60 lookups) still goes in one wave.
constexpr std::size_t k_dns_in_flight = 128;

// A probe or lookup that finds no free descriptor is put back this many times (with fewer in
// flight each time) before the run ends with core::LocalExhaustion: a limit too low for even
// one probe must end, and never as an endpoint's verdict.
constexpr unsigned k_descriptor_retries = 8;

struct CurlGlobal
{
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

// A host between its first lookup and its last probe.
struct HostState
{
  check::HostObservation seen;
  std::vector<std::pair<std::size_t, check::Observation>> probes; // (order, what it saw)
  std::size_t probes_left = 0; // queued or in flight
  unsigned lookup_retries = 0; // lookups c-ares could not open a socket for
};

class Run
{
public:
  Run(const std::vector<check::HostRequest>& hosts, const EngineOptions& options,
      const TrustStore& trust, const HostSink& sink, const ProgressSink& progress)
    : m_hosts(hosts), m_options(options), m_trust(trust), m_sink(sink), m_progress(progress),
      m_resolver(options.dns_servers, options.timeouts.dns), m_multi(curl_multi_init()),
      m_limit(std::max<std::size_t>(1, options.concurrency)),
      m_bind_to(curl_interface(options))
  {
    m_resolver.bind_local(options.source_address, options.interface);
  }

  void run()
  {
    m_start = Clock::now();
    m_total = m_hosts.size() * families().size(); // progress counts every lookup from the start
    while (m_next_host < m_hosts.size() || !m_open.empty()) {
      if (past_deadline()) {
        stop_all();
        break;
      }
      start_hosts();
      if (m_exhausted) {
        core::throw_local_exhaustion(m_exhausted->first, m_exhausted->second);
      }
      launch();
      wait_and_process();
      reap_connects();
      settle();
      report_progress();
    }
    report_progress();
  }

private:
  // New hosts start while DNS has room and the probe queue is short, so the queue (and the
  // memory it holds) stays in proportion to the concurrency.
  void start_hosts()
  {
    while (!m_exhausted && !m_starved.empty() && (m_active.size() < m_limit || m_active.empty())) {
      const auto [index, family] = m_starved.front();
      m_starved.pop_front();
      query(index, family);
    }
    while (m_next_host < m_hosts.size() && m_resolver.pending() < k_dns_in_flight &&
           m_queue.size() < m_limit) {
      start_host(m_next_host++);
    }
  }

  void start_host(std::size_t index)
  {
    const auto& request = m_hosts[index];
    auto& state = m_open[index];
    state.seen.host = request.host;
    const ProxySettings* proxy = nullptr;
    if (!m_options.host_proxies.empty()) {
      const auto& chosen = m_options.host_proxies.at(index);
      proxy = chosen ? &*chosen : nullptr;
    } else if (m_options.proxy && !m_options.proxy->bypassed(request.host)) {
      proxy = &*m_options.proxy;
    }
    if (proxy != nullptr) {
      state.seen.proxied = true; // the proxy resolves; many sites have no public DNS inside
      state.seen.dns_finished = true;
      m_done += families().size(); // the lookups counted in m_total that never happen
      enqueue(index, probes_for(request, index, {}, proxy, m_options.port_map, m_options.accepted));
      return;
    }
    for (const int family : families()) {
      query(index, family);
    }
  }

  void query(std::size_t index, int family)
  {
    m_resolver.query(m_hosts[index].host, family,
                     [this, index](dns::Answer answer) { on_answer(index, std::move(answer)); });
  }

  // c-ares found no descriptor for the lookup: not the network's answer. It is asked again
  // once a probe has let one go (and fewer probes run from now on); a lookup starved again
  // and again ends the run, as a probe does.
  void starved_lookup(std::size_t index, int family, int error)
  {
    auto& retries = m_open[index].lookup_retries;
    if (++retries > k_descriptor_retries) {
      // Thrown from run(), not here: this runs inside a c-ares callback (C frames).
      m_exhausted = {"opening a socket to look up " + m_hosts[index].host, error};
      return;
    }
    m_limit = std::max<std::size_t>(1, m_active.size() > 1 ? m_active.size() - 1 : 1);
    m_starved.emplace_back(index, family);
  }

  std::vector<int> families() const
  {
    std::vector<int> out;
    if (m_options.ipv4) {
      out.push_back(4);
    }
    if (m_options.ipv6) {
      out.push_back(6);
    }
    return out;
  }

  void on_answer(std::size_t index, dns::Answer answer)
  {
    if (const int error = m_resolver.local_exhaustion();
        error != 0 && (answer.status == dns::Status::error || answer.status == dns::Status::timeout)) {
      starved_lookup(index, answer.family, error);
      return;
    }
    ++m_done;
    auto& seen = m_open[index].seen;
    seen.answers.push_back(std::move(answer));
    if (seen.answers.size() < families().size()) {
      return;
    }
    seen.dns_finished = true;
    std::sort(seen.answers.begin(), seen.answers.end(),
              [](const auto& a, const auto& b) { return a.family < b.family; });
    enqueue(index, probes_for(m_hosts[index], index, seen.answers, nullptr, m_options.port_map,
                              m_options.accepted));
  }

  void enqueue(std::size_t index, std::vector<ProbeSpec> specs)
  {
    auto& state = m_open[index];
    state.probes_left += specs.size();
    m_total += specs.size();
    for (auto& spec : specs) {
      spec.bind_to = &m_bind_to;
      m_queue.push_back(std::move(spec));
    }
    if (state.probes_left == 0) {
      close_host(index); // nothing to probe: a DNS failure or only sinkhole answers
    }
  }

  void launch()
  {
    while (!m_queue.empty() && m_active.size() < m_limit) {
      auto probe = std::make_unique<Probe>(std::move(m_queue.front()), m_options.timeouts, m_tls, m_trust);
      m_queue.pop_front();
      curl_multi_add_handle(m_multi.get(), probe->handle());
      m_connecting.emplace(probe->handle(), probe.get());
      m_active.push_back(std::move(probe));
    }
  }

  void wait_and_process()
  {
    auto& extra = m_extra; // reused: no allocation per turn of the loop
    auto& handshaking = m_handshaking;
    extra.clear();
    handshaking.clear();
    for (const auto& fd : m_resolver.wait_fds()) {
      extra.push_back({fd.fd, events_of(fd), 0});
    }
    const auto dns_count = extra.size();
    for (const auto& probe : m_active) {
      if (const auto fd = probe->tls_wait(); fd.fd >= 0) {
        extra.push_back({fd.fd, events_of(fd), 0});
        handshaking.push_back(probe.get());
      }
    }
    auto wait = k_tick;
    if (const auto dns_wait = m_resolver.next_timeout()) {
      wait = std::min(wait, *dns_wait);
    }
    int ready = 0;
    curl_multi_poll(m_multi.get(), extra.data(), static_cast<unsigned>(extra.size()),
                    static_cast<int>(std::max<long long>(0, wait.count())), &ready);
    for (std::size_t i = 0; i < dns_count; ++i) {
      if (extra[i].revents != 0) {
        m_resolver.process(extra[i].fd, extra[i].revents & CURL_WAIT_POLLIN,
                           extra[i].revents & CURL_WAIT_POLLOUT);
      }
    }
    m_resolver.process(-1, false, false); // timers
    for (std::size_t i = dns_count; i < extra.size(); ++i) {
      if (extra[i].revents != 0) {
        handshaking[i - dns_count]->drive();
      }
    }
    int running = 0;
    curl_multi_perform(m_multi.get(), &running);
  }

  static short events_of(const WaitFd& fd)
  {
    return static_cast<short>((fd.read ? CURL_WAIT_POLLIN : 0) | (fd.write ? CURL_WAIT_POLLOUT : 0));
  }

  // Connections libcurl has finished: the handshake takes over (or the probe is done).
  void reap_connects()
  {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &left)) {
      if (message->msg != CURLMSG_DONE) {
        continue;
      }
      auto* curl = message->easy_handle;
      const auto result = message->data.result;
      auto* probe = m_connecting.at(curl);
      m_connecting.erase(curl);
      probe->connected(m_multi.get(), result);
    }
  }

  // Enforces phase limits and retires finished probes.
  void settle()
  {
    const auto now = Clock::now();
    for (auto& probe : m_active) {
      if (probe->finished()) {
        continue;
      }
      if (const auto phase = probe->overdue(now); phase != check::Timeout::none) {
        detach(*probe);
        probe->abandon(phase);
      }
    }
    // Retire finished probes in place (swap with the last): order in flight does not matter.
    for (std::size_t i = 0; i < m_active.size();) {
      auto& probe = *m_active[i];
      if (!probe.finished()) {
        ++i;
        continue;
      }
      if (const int error = probe.local_exhaustion(); error != 0) {
        if (probe.spec().retries >= k_descriptor_retries) {
          core::throw_local_exhaustion(fmt::format("opening a socket to probe {} port {}",
                                                   probe.spec().address, probe.spec().port),
                                       error);
        }
        retry_later(probe);
      } else {
        retire(probe);
      }
      m_active[i] = std::move(m_active.back());
      m_active.pop_back();
    }
  }

  void detach(Probe& probe)
  {
    if (auto* curl = probe.handle()) {
      m_connecting.erase(curl);
      curl_multi_remove_handle(m_multi.get(), curl);
    }
  }

  // No descriptor was left: fewer probes in flight from now on, and this one again later.
  void retry_later(Probe& probe)
  {
    m_limit = std::max<std::size_t>(1, m_active.size() > 1 ? m_active.size() - 1 : 1);
    auto spec = probe.spec();
    ++spec.retries;
    m_queue.push_front(std::move(spec));
  }

  void retire(Probe& probe)
  {
    const auto index = probe.spec().tag;
    auto& state = m_open[index];
    state.probes.emplace_back(probe.spec().order, probe.take_observation());
    ++m_done;
    if (--state.probes_left == 0 && state.seen.dns_finished) {
      close_host(index);
    }
  }

  void close_host(std::size_t index)
  {
    auto node = m_open.extract(index);
    auto& state = node.mapped();
    // In the order the probes were planned (IPv4 first, address, port), not as they finished.
    std::sort(state.probes.begin(), state.probes.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [order, observation] : state.probes) {
      state.seen.probes.push_back(std::move(observation));
    }
    m_sink(index, std::move(state.seen));
  }

  bool past_deadline() const
  {
    return m_options.deadline && Clock::now() - m_start >= *m_options.deadline;
  }

  // The deadline came: what runs is recorded as stopped, what waits is not run at all.
  void stop_all()
  {
    for (auto& probe : m_active) {
      detach(*probe);
      probe->abandon(check::Timeout::deadline);
      m_open[probe->spec().tag].probes.emplace_back(probe->spec().order, probe->take_observation());
    }
    m_active.clear();
    m_queue.clear();
    while (!m_open.empty()) {
      close_host(m_open.begin()->first);
    }
    for (; m_next_host < m_hosts.size(); ++m_next_host) {
      check::HostObservation seen;
      seen.host = m_hosts[m_next_host].host;
      m_sink(m_next_host, std::move(seen));
    }
  }

  void report_progress()
  {
    if (m_progress) {
      m_progress(m_done, m_total);
    }
  }

  const std::vector<check::HostRequest>& m_hosts;
  const EngineOptions& m_options;
  const TrustStore& m_trust;
  const HostSink& m_sink;
  const ProgressSink& m_progress;
  TlsClient m_tls;
  Resolver m_resolver;
  handle::CurlMulti m_multi;
  std::size_t m_limit;
  std::string m_bind_to; // CURLOPT_INTERFACE for every probe, "" for the system's choice
  std::deque<ProbeSpec> m_queue;
  std::deque<std::pair<std::size_t, int>> m_starved; // (host, family) lookups to ask again
  std::optional<std::pair<std::string, int>> m_exhausted; // what ran out, and its errno
  std::vector<std::unique_ptr<Probe>> m_active;
  std::unordered_map<CURL*, Probe*> m_connecting;
  std::vector<curl_waitfd> m_extra;      // the loop's own descriptors for curl_multi_poll
  std::vector<Probe*> m_handshaking;     // the probes behind m_extra's handshake entries
  std::unordered_map<std::size_t, HostState> m_open;
  Clock::time_point m_start;
  std::size_t m_next_host = 0; // hosts before it have started
  std::size_t m_done = 0;
  std::size_t m_total = 0;
};

} // namespace

void run_engine(const std::vector<check::HostRequest>& hosts, const EngineOptions& options,
                const TrustStore& trust, const HostSink& sink, const ProgressSink& progress)
{
  static CurlGlobal global;
  Run run(hosts, options, trust, sink, progress);
  run.run();
}

std::vector<check::HostObservation> run_engine(const std::vector<check::HostRequest>& hosts,
                                               const EngineOptions& options,
                                               const TrustStore& trust,
                                               const ProgressSink& progress)
{
  std::vector<check::HostObservation> out(hosts.size());
  run_engine(
    hosts, options, trust,
    [&out](std::size_t index, check::HostObservation seen) { out[index] = std::move(seen); },
    progress);
  return out;
}

std::string curl_interface(const EngineOptions& options)
{
  return !options.source_address.empty() ? "host!" + options.source_address
         : !options.interface.empty()    ? "if!" + options.interface
                                         : "";
}

} // namespace emready::probe
