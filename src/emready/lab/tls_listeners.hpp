#pragma once

#include "emready/lab/event_loop.hpp"
#include "emready/lab/lab_pki.hpp"
#include "emready/lab/scenario.hpp"
#include "emready/lab/tls_session.hpp"

#include <deque>
#include <vector>

namespace emready::lab {

// Every TLS endpoint of a scenario, each bound to its host's lab address and mapped port,
// behaving as its fault says. `refuse` binds nothing; `drop` is a filled, never-accepted
// backlog-0 listener outside the loop.
class TlsListeners
{
public:
  // Generates the certificates and binds every listener; throws core::InputError when a
  // bind fails. `contexts`, `connections`, `log` and `api` must outlive this object.
  TlsListeners(const Scenario& scenario, LabPki& pki, const TlsContexts& contexts,
               Connections& connections, const EventLog& log, services::Api& api);

  // Registers the accepting listeners with `loop`.
  void attach(EventLoop& loop);

private:
  void add_endpoint(const Scenario& scenario, const HostSpec& host, std::uint16_t port);

  const TlsContexts& m_contexts;
  Connections& m_connections;
  const EventLog& m_log;
  services::Api& m_api;
  LabPki& m_pki;
  CredentialStore m_store;
  std::deque<TlsService> m_services; // stable addresses for the connection threads
  std::vector<Fd> m_listeners;       // parallel to m_services
  std::vector<Fd> m_dropping;        // drop listeners and the connections filling them
};

// Accepts every pending connection on `listener` and runs `serve` for each on its own
// thread (counted by `connections`).
void accept_pending(int listener, Connections& connections,
                    const std::function<void(Fd)>& serve);

} // namespace emready::lab
