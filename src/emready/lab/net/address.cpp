#include "emready/lab/net/address.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

namespace emready::lab::net {

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
  const std::string copy(text);
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) {
    return address;
  }
  address.is_v6 = true;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) {
    return address;
  }
  return std::nullopt;
}

IpAddress IpAddress::v4(std::uint32_t value)
{
  IpAddress address;
  for (std::size_t i = 0; i < 4; ++i) {
    address.bytes[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
  }
  return address;
}

std::uint32_t IpAddress::v4_value() const
{
  if (is_v6) {
    return 0;
  }
  return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
         std::uint32_t{bytes[2]} << 8 | std::uint32_t{bytes[3]};
}

bool IpAddress::is_loopback_v4() const
{
  return !is_v6 && bytes[0] == 127;
}

std::string IpAddress::to_string() const
{
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text);
  return text;
}

std::string with_port(const IpAddress& address, std::uint16_t port)
{
  return address.is_v6 ? fmt::format("[{}]:{}", address.to_string(), port)
                       : fmt::format("{}:{}", address.to_string(), port);
}

} // namespace emready::lab::net
