#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace emready::lab::net {

// An IPv4 or IPv6 address in network byte order.
struct IpAddress
{
  bool is_v6 = false;
  std::array<std::uint8_t, 16> bytes{}; // the first 4 for IPv4

  // Parses dotted-quad or IPv6 text; nullopt when it is neither.
  static std::optional<IpAddress> parse(std::string_view text);

  // The IPv4 address of `value` (host byte order).
  static IpAddress v4(std::uint32_t value);

  // The IPv4 address in host byte order (0 for IPv6).
  std::uint32_t v4_value() const;

  // True for an IPv4 address inside 127.0.0.0/8.
  bool is_loopback_v4() const;

  // The usual text form.
  std::string to_string() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// "127.0.0.1:53"
std::string with_port(const IpAddress& address, std::uint16_t port);

} // namespace emready::lab::net
