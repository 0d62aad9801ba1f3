#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emready::pac {

// One entry of a FindProxyForURL answer.
struct PacRoute
{
  enum class Kind
  {
    direct,
    proxy,  // PROXY host:port (HTTP CONNECT)
    https,  // HTTPS host:port (TLS to the proxy)
    socks4, // SOCKS / SOCKS4 host:port
    socks5, // SOCKS5 host:port (the proxy resolves)
  };
  Kind kind = Kind::direct;
  std::string host;
  std::uint16_t port = 0;

  // "DIRECT", "PROXY proxy.lan:3128", … as the PAC file wrote it (normalised).
  std::string text() const;

  // The proxy URL libcurl takes: http://, https://, socks4://, socks5h://; "" for DIRECT.
  std::string url() const;
};

// Parses "PROXY a:3128; PROXY b:3128; DIRECT" (case-insensitive keywords, ';'-separated,
// empty entries skipped). nullopt with `error` set when an entry is not one of DIRECT,
// PROXY, HTTPS, SOCKS, SOCKS4, SOCKS5 followed by host:port, or the answer is empty.
std::optional<std::vector<PacRoute>> parse_pac_answer(const std::string& answer, std::string& error);

} // namespace emready::pac
