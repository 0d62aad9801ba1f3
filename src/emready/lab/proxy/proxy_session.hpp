#pragma once

#include "emready/lab/net/connections.hpp"
#include "emready/lab/net/fd.hpp"
#include "emready/lab/net/log.hpp"
#include "emready/lab/scenario/host_table.hpp"
#include "emready/lab/scenario/scenario.hpp"

namespace emready::lab {

// What the proxy's connections need; owned by the server, outliving them.
struct ProxyService
{
  const Scenario* scenario = nullptr;
  const ProxySpec* proxy = nullptr;
  const HostTable* hosts = nullptr;
  Connections* connections = nullptr;
  const EventLog* log = nullptr;
};

// Serves one proxy client: reads its request, answers or tunnels, returns when done.
void serve_proxy_connection(Fd client, const ProxyService& service);

// Copies bytes both ways between `a` and `b` until both directions are closed.
void relay(int a, int b);

} // namespace emready::lab
