#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace emready::dns {

// What kind of address a public host name resolved to.
enum class AddressKind
{
  public_address, // plausible for a public cloud host
  private_range,  // RFC 1918, CGNAT, ULA: split horizon or a block page (a warning)
  sinkhole,       // no public host has it: 0.0.0.0, ::, loopback, documentation ranges, …
  invalid,        // not an IP address at all
};

// A network such as 127.1.0.0/16 (IPv4 or IPv6).
struct Network
{
  std::string text;           // as given
  std::vector<unsigned char> bytes; // 4 or 16
  int prefix = 0;

  // True when `address` (4 or 16 bytes) lies inside.
  bool contains(const std::vector<unsigned char>& address) const;
};

// Parses "A.B.C.D/N" or "X::/N" (a bare address is a /32 or /128); empty when invalid.
std::vector<Network> parse_network(std::string_view text);

// The address as 4 or 16 bytes; empty when it is not an IP address.
std::vector<unsigned char> address_bytes(std::string_view address);

// The kind of `address`; addresses inside `accepted` count as public (labs, sites that
// answer public names with their own reverse proxies).
AddressKind classify_address(std::string_view address, const std::vector<Network>& accepted = {});

// A short reason for a sinkhole or private address, e.g. "loopback (127.0.0.0/8)".
std::string describe_address(std::string_view address);

// "public", "private", "sinkhole", "invalid".
const char* to_string(AddressKind kind);

} // namespace emready::dns
