#pragma once

#include <cstdint>
#include <string>

namespace emready::exporter {

// Where the exporter listens.
struct ListenAddress
{
  std::string address; // an IPv4 or IPv6 literal
  std::uint16_t port = 0;
  bool loopback = false;

  // "127.0.0.1:9816", "[::1]:9816".
  std::string text() const;
};

// "127.0.0.1:9816", "[::1]:9816", "localhost:9816", "0.0.0.0:9816", "[::]:9816", or a port
// alone (":9816", "9816"), which means the loopback address: a wildcard or other non-loopback
// address is only taken when it is written out. Throws core::InputError naming `option`.
ListenAddress parse_listen_address(const std::string& text, const std::string& option);

// A listening TCP socket on `where` (SO_REUSEADDR, close-on-exec); throws core::InputError
// with the OS reason ("Address already in use").
int open_listener(const ListenAddress& where, const std::string& option);

} // namespace emready::exporter
