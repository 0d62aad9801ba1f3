#pragma once

#include "emready/probe/proxy_settings.hpp"

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace emready::probe {

// Where to ask a server for its clock: an HTTPS endpoint this run reached.
struct ClockSource
{
  std::string host;
  std::uint16_t port = 443;
  std::string address;            // the address that answered ("" through a proxy)
  std::uint16_t connect_port = 0; // where to dial (differs under --port-map); 0 = `port`
  const ProxySettings* proxy = nullptr;
  std::string bind_to;            // --source-address / --interface, "" = any
};

// What the server's `Date` header said.
struct ServerDate
{
  bool ok = false;
  std::time_t date = 0;  // the server's time, to the second
  std::time_t local = 0; // this machine's time when the answer came
  std::string url;       // "https://host:port/"
  std::string error;     // why not ok
};

// HEADs https://host:port/ and reads `Date` (RFC 9110 section 6.6.1: origin servers with
// a clock send it). The certificate is not verified: the point is to compare clocks when
// certificates look expired, so the answer is used for that comparison only. Bounded by
// `timeout`; the status does not matter, only the header.
ServerDate server_date(const ClockSource& source, std::chrono::milliseconds timeout);

} // namespace emready::probe
