#include "emready/dns/address_class.hpp"

#include <arpa/inet.h>

namespace emready::dns {

namespace {

struct SpecialRange
{
  const char* network;
  AddressKind kind;
  const char* name;
};

// IANA special-purpose registries (RFC 6890 and successors): ranges no public host uses.
const SpecialRange k_special[] = {
  {"0.0.0.0/8", AddressKind::sinkhole, "\"this network\""},
  {"127.0.0.0/8", AddressKind::sinkhole, "loopback"},
  {"169.254.0.0/16", AddressKind::sinkhole, "link-local"},
  {"192.0.0.0/24", AddressKind::sinkhole, "IETF protocol assignments"},
  {"192.0.2.0/24", AddressKind::sinkhole, "documentation"},
  {"198.51.100.0/24", AddressKind::sinkhole, "documentation"},
  {"203.0.113.0/24", AddressKind::sinkhole, "documentation"},
  {"198.18.0.0/15", AddressKind::sinkhole, "benchmarking"},
  {"224.0.0.0/4", AddressKind::sinkhole, "multicast"},
  {"240.0.0.0/4", AddressKind::sinkhole, "reserved"},
  {"10.0.0.0/8", AddressKind::private_range, "private (RFC 1918)"},
  {"172.16.0.0/12", AddressKind::private_range, "private (RFC 1918)"},
  {"192.168.0.0/16", AddressKind::private_range, "private (RFC 1918)"},
  {"100.64.0.0/10", AddressKind::private_range, "shared address space (RFC 6598)"},
  {"::/128", AddressKind::sinkhole, "unspecified"},
  {"::1/128", AddressKind::sinkhole, "loopback"},
  {"100::/64", AddressKind::sinkhole, "discard-only (RFC 6666)"},
  {"2001:db8::/32", AddressKind::sinkhole, "documentation"},
  {"fe80::/10", AddressKind::sinkhole, "link-local"},
  {"ff00::/8", AddressKind::sinkhole, "multicast"},
  {"fc00::/7", AddressKind::private_range, "unique local (RFC 4193)"},
};

const SpecialRange* special_range_of(const std::vector<unsigned char>& bytes)
{
  for (const auto& range : k_special) {
    const auto networks = parse_network(range.network);
    if (!networks.empty() && networks.front().contains(bytes)) {
      return &range;
    }
  }
  return nullptr;
}

// ::ffff:a.b.c.d is judged as a.b.c.d.
std::vector<unsigned char> unmapped(std::vector<unsigned char> bytes)
{
  static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (bytes.size() == 16 && std::equal(prefix, prefix + 12, bytes.begin())) {
    return {bytes.begin() + 12, bytes.end()};
  }
  return bytes;
}

} // namespace

std::vector<unsigned char> address_bytes(std::string_view address)
{
  const std::string text(address);
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) {
    return {buffer, buffer + 4};
  }
  if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) {
    return {buffer, buffer + 16};
  }
  return {};
}

bool Network::contains(const std::vector<unsigned char>& address) const
{
  if (address.size() != bytes.size()) {
    return false;
  }
  int bits = prefix;
  for (std::size_t i = 0; i < bytes.size() && bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<unsigned char>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((address[i] & mask) != (bytes[i] & mask)) {
      return false;
    }
  }
  return true;
}

std::vector<Network> parse_network(std::string_view text)
{
  const auto slash = text.find('/');
  Network network{std::string(text), address_bytes(text.substr(0, slash)), 0};
  if (network.bytes.empty()) {
    return {};
  }
  const int max = static_cast<int>(network.bytes.size() * 8);
  network.prefix = max;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return {};
    }
    network.prefix = std::stoi(std::string(digits));
    if (network.prefix > max) {
      return {};
    }
  }
  return {network};
}

AddressKind classify_address(std::string_view address, const std::vector<Network>& accepted)
{
  const auto bytes = address_bytes(address);
  if (bytes.empty()) {
    return AddressKind::invalid;
  }
  const auto judged = unmapped(bytes);
  for (const auto& network : accepted) {
    if (network.contains(bytes) || network.contains(judged)) {
      return AddressKind::public_address;
    }
  }
  const auto* range = special_range_of(judged);
  return range ? range->kind : AddressKind::public_address;
}

std::string describe_address(std::string_view address)
{
  const auto bytes = address_bytes(address);
  if (bytes.empty()) {
    return "not an IP address";
  }
  const auto* range = special_range_of(unmapped(bytes));
  if (range == nullptr) {
    return "public";
  }
  return std::string(range->name) + " (" + range->network + ")";
}

const char* to_string(AddressKind kind)
{
  switch (kind) {
  case AddressKind::public_address: return "public";
  case AddressKind::private_range: return "private";
  case AddressKind::sinkhole: return "sinkhole";
  case AddressKind::invalid: return "invalid";
  }
  return "?";
}

} // namespace emready::dns
