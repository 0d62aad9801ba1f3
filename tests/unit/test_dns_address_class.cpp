#include "emready/dns/address_class.hpp"

#include <doctest/doctest.h>

using namespace emready;
using dns::AddressKind;

// Moved from test_check_network.cpp (tests follow the layout).
TEST_CASE("unit: addresses no public host has are sinkholes, private ranges are flagged")
{
  CHECK(dns::classify_address("0.0.0.0") == AddressKind::sinkhole);
  CHECK(dns::classify_address("127.0.0.1") == AddressKind::sinkhole);
  CHECK(dns::classify_address("::") == AddressKind::sinkhole);
  CHECK(dns::classify_address("::ffff:127.0.0.1") == AddressKind::sinkhole);
  CHECK(dns::classify_address("100::1") == AddressKind::sinkhole);
  CHECK(dns::classify_address("192.168.1.10") == AddressKind::private_range);
  CHECK(dns::classify_address("172.31.255.1") == AddressKind::private_range);
  CHECK(dns::classify_address("172.32.0.1") == AddressKind::public_address);
  CHECK(dns::classify_address("fd00::5") == AddressKind::private_range);
  CHECK(dns::classify_address("3.120.0.1") == AddressKind::public_address);
  CHECK(dns::classify_address("2a05:d014::1") == AddressKind::public_address);
  CHECK(dns::classify_address("not-an-ip") == AddressKind::invalid);
  CHECK(dns::classify_address("127.1.0.9", dns::parse_network("127.1.0.0/16")) == AddressKind::public_address);
  CHECK(dns::describe_address("127.0.0.1") == "loopback (127.0.0.0/8)");
  CHECK(dns::parse_network("10.0.0.0/33").empty());
  CHECK(dns::parse_network("10.0.0.0/x").empty());
}
