#pragma once

#include "emready/lab/net/event_loop.hpp"
#include "emready/lab/scenario/scenario.hpp"
#include "emready/lab/tls/lab_pki.hpp"
#include "emready/lab/tls/tls_session.hpp"

#include <deque>
#include <vector>

namespace emready::lab::tls {

// Every TLS endpoint of a scenario, each bound to its host's lab address and mapped port,
// behaving as its fault says. `refuse` binds nothing; `drop` is a filled, never-accepted
// backlog-0 listener outside the loop.
class TlsListeners
{
public:
  // Generates the certificates and binds every listener; throws core::InputError when a
  // bind fails. `contexts`, `connections` and `log` must outlive this object; `established`
  // serves each connection whose handshake completed.
  TlsListeners(const scenario::Scenario& scenario, LabPki& pki, const TlsContexts& contexts,
               net::Connections& connections, const net::EventLog& log,
               EstablishedHandler established);

  // Registers the accepting listeners with `loop`.
  void attach(net::EventLoop& loop);

private:
  void add_endpoint(const scenario::Scenario& scenario, const scenario::HostSpec& host,
                    const net::IpAddress& address,
                    std::uint16_t port);

  const TlsContexts& m_contexts;
  net::Connections& m_connections;
  const net::EventLog& m_log;
  EstablishedHandler m_established;
  LabPki& m_pki;
  CredentialStore m_store;
  std::deque<TlsService> m_services; // stable addresses for the connection threads
  std::vector<net::Fd> m_listeners;  // parallel to m_services
  std::vector<net::Fd> m_dropping;   // drop listeners and the connections filling them
};

} // namespace emready::lab::tls
