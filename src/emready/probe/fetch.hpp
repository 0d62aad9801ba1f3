#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace emready::probe {

// What fetching a small document over HTTP gave.
struct Fetched
{
  bool ok = false;
  long status = 0;     // HTTP status, 0 when none
  std::string body;    // at most the limit
  std::string error;   // why not ok: the library's message or "HTTP 404"
  std::string address; // the address it came from
};

// GETs `url` (http:// or https://) directly, never through a proxy, resolving its host with
// c-ares through `dns_servers` (empty: the system's) so lab and site DNS servers apply.
// Bounded: `timeout` in all, `limit` bytes of body (more is an error).
Fetched fetch_small(const std::string& url, const std::vector<std::string>& dns_servers,
                    std::chrono::milliseconds timeout, std::size_t limit);

} // namespace emready::probe
