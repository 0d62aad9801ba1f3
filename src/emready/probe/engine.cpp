#include "emready/probe/engine.hpp"

#include "emready/dns/resolver.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>

namespace emready::probe {

namespace {

// Longest sleep between checks of the probes' phase limits.
constexpr std::chrono::milliseconds k_tick{20};

// DNS lookups in flight at once. Sending every lookup of a large run at t=0 overflows UDP
// receive buffers (ours and the server's: 10,000 hosts are 20,000 datagrams) and turns a
// healthy resolver into dns-timeouts; a full eM check (about 60 lookups) still goes in one wave.
constexpr std::size_t k_dns_in_flight = 128;

struct CurlGlobal
{
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

class Run
{
public:
  Run(const std::vector<HostRequest>& hosts, const EngineOptions& options,
      const TrustStore& trust, const ProgressSink& progress)
    : m_hosts(hosts), m_options(options), m_trust(trust), m_progress(progress),
      m_resolver(options.dns_servers, options.timeouts.dns), m_multi(curl_multi_init())
  {
    m_results.resize(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      m_results[i].host = hosts[i].host; // also for hosts a deadline keeps from starting
    }
  }

  ~Run() { curl_multi_cleanup(m_multi); }

  std::vector<HostObservation> run()
  {
    m_start = Clock::now();
    m_total = m_hosts.size() * families().size(); // progress counts every lookup from the start
    start_hosts();
    while (m_next_host < m_hosts.size() || m_resolver.pending() > 0 || !m_queue.empty() ||
           !m_active.empty()) {
      if (past_deadline()) {
        stop_all();
        break;
      }
      start_hosts();
      launch();
      wait_and_process();
      reap();
      enforce_phase_limits();
      report_progress();
    }
    report_progress();
    return std::move(m_results);
  }

private:
  void start_hosts()
  {
    while (m_next_host < m_hosts.size() && m_resolver.pending() < k_dns_in_flight) {
      start_host(m_next_host++);
    }
  }

  void start_host(std::size_t index)
  {
    const auto& request = m_hosts[index];
    auto& result = m_results[index];
    const auto* proxy = m_options.proxy ? &*m_options.proxy : nullptr;
    if (proxy != nullptr && !proxy->bypassed(request.host)) {
      result.proxied = true; // the proxy resolves; many sites have no public DNS inside
      result.dns_finished = true;
      m_done += families().size(); // the lookups counted in m_total that never happen
      for (const auto port : request.ports) {
        enqueue(index, "", 0, port);
      }
      return;
    }
    for (const int family : families()) {
      m_resolver.query(request.host, family,
                       [this, index](dns::Answer answer) { on_answer(index, std::move(answer)); });
    }
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
    ++m_done;
    auto& result = m_results[index];
    result.answers.push_back(std::move(answer));
    if (result.answers.size() < families().size()) {
      return;
    }
    result.dns_finished = true;
    std::sort(result.answers.begin(), result.answers.end(),
              [](const auto& a, const auto& b) { return a.family < b.family; });
    for (const auto& each : result.answers) {
      for (const auto& address : each.addresses) {
        // Connecting to a sinkhole answer (0.0.0.0 reaches this machine) proves nothing.
        if (dns::classify_address(address, m_options.accepted) == dns::AddressKind::sinkhole) {
          continue;
        }
        for (const auto port : m_hosts[index].ports) {
          enqueue(index, address, each.family, port);
        }
      }
    }
  }

  void enqueue(std::size_t index, const std::string& address, int family, std::uint16_t port)
  {
    const auto& request = m_hosts[index];
    ProbeSpec spec;
    spec.host = request.host;
    spec.port = port;
    spec.connect_port = mapped(port);
    spec.address = address;
    spec.family = family;
    spec.mqtt_alpn = std::find(request.mqtt_alpn_ports.begin(), request.mqtt_alpn_ports.end(),
                               port) != request.mqtt_alpn_ports.end();
    spec.proxy = address.empty() && m_options.proxy ? &*m_options.proxy : nullptr;
    spec.tag = index;
    m_queue.push_back(std::move(spec));
    ++m_total;
  }

  std::uint16_t mapped(std::uint16_t port) const
  {
    for (const auto& [from, to] : m_options.port_map) {
      if (from == port) {
        return to;
      }
    }
    return port;
  }

  void launch()
  {
    while (!m_queue.empty() && m_active.size() < std::max<std::size_t>(1, m_options.concurrency)) {
      auto probe = std::make_unique<Probe>(std::move(m_queue.front()), m_options.timeouts, m_trust);
      m_queue.pop_front();
      curl_multi_add_handle(m_multi, probe->handle());
      m_active.emplace(probe->handle(), std::move(probe));
    }
  }

  void wait_and_process()
  {
    const auto dns_fds = m_resolver.wait_fds();
    std::vector<curl_waitfd> extra;
    for (const auto& fd : dns_fds) {
      short events = 0;
      events = static_cast<short>(events | (fd.read ? CURL_WAIT_POLLIN : 0));
      events = static_cast<short>(events | (fd.write ? CURL_WAIT_POLLOUT : 0));
      extra.push_back({fd.fd, events, 0});
    }
    auto wait = k_tick;
    if (const auto dns_wait = m_resolver.next_timeout()) {
      wait = std::min(wait, *dns_wait);
    }
    if (m_active.empty() && m_resolver.pending() > 0 && m_queue.empty()) {
      wait = m_resolver.next_timeout().value_or(k_tick); // nothing but DNS: sleep until it
    }
    int ready = 0;
    curl_multi_poll(m_multi, extra.data(), static_cast<unsigned>(extra.size()),
                    static_cast<int>(std::max<long long>(0, wait.count())), &ready);
    for (const auto& fd : extra) {
      if (fd.revents != 0) {
        m_resolver.process(fd.fd, fd.revents & CURL_WAIT_POLLIN, fd.revents & CURL_WAIT_POLLOUT);
      }
    }
    m_resolver.process(-1, false, false); // timers
    int running = 0;
    curl_multi_perform(m_multi, &running);
  }

  void reap()
  {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi, &left)) {
      if (message->msg == CURLMSG_DONE) {
        auto it = m_active.find(message->easy_handle);
        it->second->finish(message->data.result);
        retire(it);
      }
    }
  }

  void enforce_phase_limits()
  {
    const auto now = Clock::now();
    for (auto it = m_active.begin(); it != m_active.end();) {
      const auto phase = it->second->overdue(now);
      if (phase == Timeout::none) {
        ++it;
        continue;
      }
      it->second->abandon(phase);
      it = retire(it);
    }
  }

  std::map<CURL*, std::unique_ptr<Probe>>::iterator
  retire(std::map<CURL*, std::unique_ptr<Probe>>::iterator it)
  {
    auto& probe = *it->second;
    curl_multi_remove_handle(m_multi, probe.handle());
    m_results[probe.spec().tag].probes.push_back(probe.observation());
    ++m_done;
    return m_active.erase(it);
  }

  bool past_deadline() const
  {
    return m_options.deadline && Clock::now() - m_start >= *m_options.deadline;
  }

  // The deadline came: what runs is recorded as stopped, what waits is not run at all.
  void stop_all()
  {
    for (auto it = m_active.begin(); it != m_active.end();) {
      it->second->abandon(Timeout::deadline);
      it = retire(it);
    }
    m_queue.clear();
  }

  void report_progress()
  {
    if (m_progress) {
      m_progress(m_done, m_total);
    }
  }

  const std::vector<HostRequest>& m_hosts;
  const EngineOptions& m_options;
  const TrustStore& m_trust;
  const ProgressSink& m_progress;
  dns::Resolver m_resolver;
  CURLM* m_multi;
  std::deque<ProbeSpec> m_queue;
  std::map<CURL*, std::unique_ptr<Probe>> m_active;
  std::vector<HostObservation> m_results;
  Clock::time_point m_start;
  std::size_t m_next_host = 0; // hosts before it have started
  std::size_t m_done = 0;
  std::size_t m_total = 0;
};

} // namespace

std::vector<HostObservation> run_engine(const std::vector<HostRequest>& hosts,
                                        const EngineOptions& options, const TrustStore& trust,
                                        const ProgressSink& progress)
{
  static CurlGlobal global;
  Run run(hosts, options, trust, progress);
  return run.run();
}

} // namespace emready::probe
