#include "emready/lab/tls/tls_listeners.hpp"

#include "emready/lab/net/net.hpp"

#include <sys/socket.h>

#include <fmt/format.h>

namespace emready::lab::tls {

TlsListeners::TlsListeners(const scenario::Scenario& scenario, LabPki& pki,
                           const TlsContexts& contexts, net::Connections& connections,
                           const net::EventLog& log, EstablishedHandler established)
  : m_contexts(contexts),
    m_connections(connections),
    m_log(log),
    m_established(std::move(established)),
    m_pki(pki)
{
  for (const auto& host : scenario.hosts) {
    for (const auto& address : host.listen_addresses()) {
      for (const auto port : host.ports) {
        add_endpoint(scenario, host, address, port);
      }
    }
  }
}

void TlsListeners::add_endpoint(const scenario::Scenario& scenario, const scenario::HostSpec& host,
                                const net::IpAddress& address, std::uint16_t port)
{
  const auto fault = host.fault_on(port);
  const auto mapped = scenario.mapped(port);
  if (fault == scenario::TlsFault::refuse) {
    return; // nothing listens: the kernel answers SYNs with RST
  }
  const auto listen = [&](int backlog) {
    try {
      return net::listen_tcp(address, mapped, backlog);
    } catch (const core::InputError& error) {
      throw scenario.located_endpoint(error, port);
    }
  };
  if (fault == scenario::TlsFault::drop) {
    m_dropping.push_back(listen(0));
    for (auto& filler : net::fill_accept_queue(address, mapped)) {
      m_dropping.push_back(std::move(filler));
    }
    return;
  }
  TlsService service;
  service.endpoint.host = host.name;
  service.endpoint.fault = fault;
  service.endpoint.store = &m_store;
  if (scenario::does_handshake(fault)) {
    const auto key = std::make_pair(host.name, fault);
    if (!m_store.contains(key)) {
      m_store.emplace(key, m_pki.credentials_for(host.name, fault, host.chain_length));
    }
    service.endpoint.credentials = &m_store.at(key);
  }
  service.where = fmt::format("{} {}", host.name, net::with_port(address, mapped));
  service.delay_ms = host.delay_ms;
  service.contexts = &m_contexts;
  service.connections = &m_connections;
  service.log = &m_log;
  service.established = &m_established;
  m_listeners.push_back(listen(SOMAXCONN));
  m_services.push_back(std::move(service));
}

void TlsListeners::attach(net::EventLoop& loop)
{
  for (std::size_t i = 0; i < m_listeners.size(); ++i) {
    const TlsService* service = &m_services[i];
    loop.add(m_listeners[i].get(), [fd = m_listeners[i].get(), service, this] {
      net::accept_pending(fd, m_connections, [service](net::Fd connection) {
        serve_tls_connection(std::move(connection), *service);
      });
    });
  }
}

} // namespace emready::lab::tls
