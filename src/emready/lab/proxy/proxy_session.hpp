#pragma once

#include "emready/lab/net/connections.hpp"
#include "emready/lab/net/fd.hpp"
#include "emready/lab/net/log.hpp"
#include "emready/lab/scenario/host_table.hpp"
#include "emready/lab/scenario/scenario.hpp"

namespace emready::lab::proxy {

// What the proxy's connections need; owned by the server, outliving them.
struct ProxyService
{
  const scenario::Scenario* scenario = nullptr;
  const scenario::ProxySpec* proxy = nullptr;
  const scenario::HostTable* hosts = nullptr;
  net::Connections* connections = nullptr;
  const net::EventLog* log = nullptr;
};

// Serves one proxy client: reads its request, answers or tunnels, returns when done.
void serve_proxy_connection(net::Fd client, const ProxyService& service);

// Copies bytes both ways between `a` and `b` until both directions are closed.
void relay(int a, int b);

} // namespace emready::lab::proxy
