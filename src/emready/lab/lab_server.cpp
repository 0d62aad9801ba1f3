#include "emready/lab/lab_server.hpp"

#include "emready/lab/dns/dns_server.hpp"
#include "emready/lab/net/net.hpp"
#include "emready/lab/proxy/proxy_session.hpp"
#include "emready/lab/ready_line.hpp"
#include "emready/lab/services/api_session.hpp"
#include "emready/lab/state/state_dir.hpp"
#include "emready/lab/tls/tls_listeners.hpp"

#include <sys/socket.h>

#include <cstdlib>
#include <fmt/format.h>
#include <iostream>

namespace emready::lab {

namespace {

// Opens a listener; a failure is reported at the scenario line that chose its port.
template <typename Open>
net::Fd located(const scenario::Scenario& scenario, const std::string& key, Open open)
{
  try {
    return open();
  } catch (const core::InputError& error) {
    throw scenario.located(error, key);
  }
}

// Long enough for a proxy's pending upstream connect (5 s) to give up.
constexpr std::chrono::milliseconds k_stop_patience{8000};

// The whole lab for one scenario. Members are declared in the order they must be built;
// connection threads are stopped before any member goes away.
class LabServer
{
public:
  LabServer(const scenario::Scenario& scenario, const ServeOptions& options)
    : m_scenario(scenario),
      m_log(options.verbose),
      m_hosts(scenario.hosts),
      m_state(state::prepare_state_dir(options.state_dir)),
      m_pki(m_state),
      m_services(m_state / "services", scenario.services.root_token),
      m_api(m_services),
      m_tls(scenario, m_pki, m_contexts, m_connections, m_log,
            [this](SSL* ssl, const std::string& host, const std::string& where) {
              services::serve_established(ssl, m_api, host, m_log, where);
            }),
      m_dns_udp(located(scenario, "dns_port", [&] { return net::bind_udp(scenario.listen, scenario.dns_port); })),
      m_dns_tcp(located(scenario, "dns_port", [&] {
        return net::listen_tcp(scenario.listen, net::local_port(m_dns_udp.get()), SOMAXCONN);
      }))
  {
    if (scenario.proxy) {
      m_proxy = located(scenario, "proxy.port",
                        [&] { return net::listen_tcp(scenario.listen, scenario.proxy->port, SOMAXCONN); });
    }
    m_connections.configure({std::chrono::milliseconds(scenario.services.first_request_ms),
                             scenario.services.max_connections},
                            [this](const std::string& text) { m_log.warning(text); });
    attach();
  }

  // Serves until a stop signal; returns the exit code.
  int run(std::ostream& ready_out)
  {
    ready_out << ready_line(m_scenario, facts()) << std::endl;
    m_loop.run();
    m_log.line("stopping");
    if (!m_connections.stop(k_stop_patience)) {
      // A thread is stuck in a system call; leaving is safer than freeing what it uses.
      std::fflush(nullptr);
      std::_Exit(0);
    }
    return 0;
  }

private:
  void attach()
  {
    m_tls.attach(m_loop);
    const int udp = m_dns_udp.get();
    m_loop.add(udp, [this, udp] { dns::answer_udp(udp, m_dns_service); });
    const int tcp = m_dns_tcp.get();
    m_loop.add(tcp, [this, tcp] {
      net::accept_pending(tcp, m_connections, [this](net::Fd fd) {
        dns::serve_dns_tcp_connection(std::move(fd), m_dns_service);
      });
    });
    if (m_proxy) {
      const int proxy = m_proxy.get();
      m_loop.add(proxy, [this, proxy] {
        net::accept_pending(proxy, m_connections, [this](net::Fd fd) {
          proxy::serve_proxy_connection(std::move(fd), m_proxy_service);
        });
      });
    }
  }

  ReadyFacts facts() const
  {
    ReadyFacts facts;
    facts.listen = m_scenario.listen;
    facts.dns_port = net::local_port(m_dns_udp.get());
    if (m_proxy) {
      facts.proxy_port = net::local_port(m_proxy.get());
    }
    facts.ca_file = m_pki.ca_file();
    facts.inspection_ca_file = m_pki.inspection_ca_file();
    facts.state_dir = m_state;
    facts.root_token = m_services.root_token();
    return facts;
  }

  const scenario::Scenario& m_scenario;
  net::EventLog m_log;
  scenario::HostTable m_hosts;
  net::Connections m_connections;
  std::filesystem::path m_state;
  tls::LabPki m_pki;
  services::ServiceState m_services;
  services::Api m_api;
  tls::TlsContexts m_contexts;
  tls::TlsListeners m_tls;
  net::Fd m_dns_udp;
  net::Fd m_dns_tcp;
  net::Fd m_proxy;
  net::EventLoop m_loop;
  dns::DnsService m_dns_service{&m_hosts, &m_connections, &m_log};
  proxy::ProxyService m_proxy_service{&m_scenario,
                                      m_scenario.proxy ? &*m_scenario.proxy : nullptr, &m_hosts,
                                      &m_connections, &m_log};
};

} // namespace

int serve(const scenario::Scenario& scenario, const ServeOptions& options, std::ostream& ready_out)
{
  net::block_stop_signals();
  net::raise_fd_limit();
  LabServer server(scenario, options);
  return server.run(ready_out);
}

} // namespace emready::lab
