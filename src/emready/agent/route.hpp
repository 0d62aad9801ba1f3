#pragma once

#include "emready/core/port_map.hpp"

#include <curl/curl.h>

#include <cstdint>
#include <map>
#include <string>

namespace emready::agent {

// How the agent reaches an eM host: straight to a resolved address (with the lab's port
// map) or through an HTTP CONNECT proxy that resolves the name itself.
struct Route
{
  std::string proxy;    // "http://host:port", "" for direct
  std::string proxy_user;     // Basic credentials for the proxy, "" for none
  std::string proxy_password;
  std::string ca_file;  // the trust set ("" → curl's default store)
  core::PortMap port_map;                          // endpoint port → port actually dialled
  std::map<std::string, std::string> addresses;    // host → resolved address (direct only)
  long timeout_ms = 10000;

  // curl's CONNECT_TO entry pinning `host`:`port` to its resolved address, "" via a proxy;
  // throws std::runtime_error when a direct route has no address for `host`.
  std::string connect_to(const std::string& host, std::uint16_t port) const;
};

// Sets `route`'s trust set, proxy (or explicitly none: never the environment's) and address
// pin for host:port on `curl`. Returns the CONNECT_TO list the handle now points to, for the
// caller to free after the handle; throws like Route::connect_to.
curl_slist* apply_route(CURL* curl, const Route& route, const std::string& host,
                        std::uint16_t port);

} // namespace emready::agent
