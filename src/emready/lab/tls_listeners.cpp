#include "emready/lab/tls_listeners.hpp"

#include "emready/lab/net.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <fmt/format.h>
#include <system_error>

namespace emready::lab {

TlsListeners::TlsListeners(const Scenario& scenario, LabPki& pki, const TlsContexts& contexts,
                           Connections& connections, const EventLog& log, services::Api& api)
  : m_contexts(contexts),
    m_connections(connections),
    m_log(log),
    m_api(api),
    m_pki(pki)
{
  for (const auto& host : scenario.hosts) {
    for (const auto port : host.ports) {
      add_endpoint(scenario, host, port);
    }
  }
}

void TlsListeners::add_endpoint(const Scenario& scenario, const HostSpec& host,
                                std::uint16_t port)
{
  const auto fault = host.fault_on(port);
  const auto mapped = scenario.mapped(port);
  if (fault == TlsFault::refuse) {
    return; // nothing listens: the kernel answers SYNs with RST
  }
  if (fault == TlsFault::drop) {
    m_dropping.push_back(listen_tcp(host.address, mapped, 0));
    for (auto& filler : fill_accept_queue(host.address, mapped)) {
      m_dropping.push_back(std::move(filler));
    }
    return;
  }
  TlsService service;
  service.endpoint.host = host.name;
  service.endpoint.fault = fault;
  service.endpoint.store = &m_store;
  if (does_handshake(fault)) {
    const auto key = std::make_pair(host.name, fault);
    if (!m_store.contains(key)) {
      m_store.emplace(key, m_pki.credentials_for(host.name, fault, host.chain_length));
    }
    service.endpoint.credentials = &m_store.at(key);
  }
  service.where = fmt::format("{} {}", host.name, with_port(host.address, mapped));
  service.delay_ms = host.delay_ms;
  service.contexts = &m_contexts;
  service.connections = &m_connections;
  service.log = &m_log;
  service.api = &m_api;
  m_listeners.push_back(listen_tcp(host.address, mapped, SOMAXCONN));
  m_services.push_back(std::move(service));
}

void TlsListeners::attach(EventLoop& loop)
{
  for (std::size_t i = 0; i < m_listeners.size(); ++i) {
    const TlsService* service = &m_services[i];
    loop.add(m_listeners[i].get(), [fd = m_listeners[i].get(), service, this] {
      accept_pending(fd, m_connections,
                     [service](Fd connection) { serve_tls_connection(std::move(connection),
                                                                     *service); });
    });
  }
}

void accept_pending(int listener, Connections& connections,
                    const std::function<void(Fd)>& serve)
{
  for (;;) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      return; // EAGAIN: nothing more (EMFILE: retried when the loop comes back)
    }
    // Every lab message goes out whole; Nagle would hold the TLS 1.3 session tickets' tail
    // back until the client's delayed ACK (about 40 ms per request).
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    try {
      connections.spawn([fd, serve] { serve(Fd(fd)); });
    } catch (const std::system_error&) {
      ::close(fd); // no thread to be had: the client sees a reset, the lab lives on
    }
  }
}

} // namespace emready::lab
