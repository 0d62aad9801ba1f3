#include "emready/dns/address_class.hpp"

#include <doctest/doctest.h>

using namespace emready;
using dns::AddressKind;

namespace {

struct Expected
{
  const char* address;
  AddressKind kind;
  const char* description; // describe_address
};

void check_all(const std::vector<Expected>& table)
{
  for (const auto& row : table) {
    CAPTURE(row.address);
    CHECK(dns::classify_address(row.address) == row.kind);
    CHECK(dns::describe_address(row.address) == row.description);
  }
}

} // namespace

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

TEST_CASE("unit: IPv4 sinkholes: this network, loopback, link-local, IETF, documentation, benchmarking, multicast, reserved")
{
  check_all({
    // RFC 791/1122 "this network": 0.0.0.0/8, the classic DNS-filter answer.
    {"0.0.0.0", AddressKind::sinkhole, "\"this network\" (0.0.0.0/8)"},
    {"0.255.255.255", AddressKind::sinkhole, "\"this network\" (0.0.0.0/8)"},
    // RFC 1122: all of 127.0.0.0/8 is loopback, not only 127.0.0.1.
    {"127.0.0.1", AddressKind::sinkhole, "loopback (127.0.0.0/8)"},
    {"127.0.0.0", AddressKind::sinkhole, "loopback (127.0.0.0/8)"},
    {"127.255.255.255", AddressKind::sinkhole, "loopback (127.0.0.0/8)"},
    {"127.1.2.3", AddressKind::sinkhole, "loopback (127.0.0.0/8)"},
    // RFC 3927 link-local.
    {"169.254.0.1", AddressKind::sinkhole, "link-local (169.254.0.0/16)"},
    {"169.254.169.254", AddressKind::sinkhole, "link-local (169.254.0.0/16)"},
    // RFC 6890 IETF protocol assignments.
    {"192.0.0.8", AddressKind::sinkhole, "IETF protocol assignments (192.0.0.0/24)"},
    // RFC 5737 documentation (TEST-NET-1/2/3).
    {"192.0.2.1", AddressKind::sinkhole, "documentation (192.0.2.0/24)"},
    {"198.51.100.255", AddressKind::sinkhole, "documentation (198.51.100.0/24)"},
    {"203.0.113.7", AddressKind::sinkhole, "documentation (203.0.113.0/24)"},
    // RFC 2544 benchmarking: 198.18.0.0/15 is 198.18.x and 198.19.x.
    {"198.18.0.1", AddressKind::sinkhole, "benchmarking (198.18.0.0/15)"},
    {"198.19.255.255", AddressKind::sinkhole, "benchmarking (198.18.0.0/15)"},
    // RFC 5771 multicast, RFC 1112 reserved (with the limited broadcast address).
    {"224.0.0.1", AddressKind::sinkhole, "multicast (224.0.0.0/4)"},
    {"239.255.255.255", AddressKind::sinkhole, "multicast (224.0.0.0/4)"},
    {"240.0.0.1", AddressKind::sinkhole, "reserved (240.0.0.0/4)"},
    {"255.255.255.255", AddressKind::sinkhole, "reserved (240.0.0.0/4)"},
  });
}

TEST_CASE("unit: IPv4 private ranges: RFC 1918 and shared address space (CGNAT)")
{
  check_all({
    {"10.0.0.0", AddressKind::private_range, "private (RFC 1918) (10.0.0.0/8)"},
    {"10.255.255.255", AddressKind::private_range, "private (RFC 1918) (10.0.0.0/8)"},
    {"172.16.0.0", AddressKind::private_range, "private (RFC 1918) (172.16.0.0/12)"},
    {"172.31.255.255", AddressKind::private_range, "private (RFC 1918) (172.16.0.0/12)"},
    {"192.168.0.1", AddressKind::private_range, "private (RFC 1918) (192.168.0.0/16)"},
    {"192.168.255.255", AddressKind::private_range, "private (RFC 1918) (192.168.0.0/16)"},
    // RFC 6598: 100.64.0.0/10 is 100.64.0.0 – 100.127.255.255.
    {"100.64.0.1", AddressKind::private_range, "shared address space (RFC 6598) (100.64.0.0/10)"},
    {"100.127.255.255", AddressKind::private_range, "shared address space (RFC 6598) (100.64.0.0/10)"},
  });
}

TEST_CASE("unit: IPv4 addresses just outside every special range are public")
{
  check_all({
    {"1.0.0.0", AddressKind::public_address, "public"},
    {"9.255.255.255", AddressKind::public_address, "public"},
    {"11.0.0.0", AddressKind::public_address, "public"},
    {"100.63.255.255", AddressKind::public_address, "public"},
    {"100.128.0.0", AddressKind::public_address, "public"},
    {"126.255.255.255", AddressKind::public_address, "public"},
    {"128.0.0.0", AddressKind::public_address, "public"},
    {"169.253.255.255", AddressKind::public_address, "public"},
    {"169.255.0.0", AddressKind::public_address, "public"},
    {"172.15.255.255", AddressKind::public_address, "public"},
    {"172.32.0.0", AddressKind::public_address, "public"},
    {"192.0.1.0", AddressKind::public_address, "public"},
    {"192.0.3.0", AddressKind::public_address, "public"},
    {"192.167.255.255", AddressKind::public_address, "public"},
    {"192.169.0.0", AddressKind::public_address, "public"},
    {"198.17.255.255", AddressKind::public_address, "public"},
    {"198.20.0.0", AddressKind::public_address, "public"},
    {"198.51.99.255", AddressKind::public_address, "public"},
    {"203.0.112.255", AddressKind::public_address, "public"},
    {"223.255.255.255", AddressKind::public_address, "public"},
    {"8.8.8.8", AddressKind::public_address, "public"},
    {"52.28.1.1", AddressKind::public_address, "public"},
  });
}

TEST_CASE("unit: IPv6 sinkholes and unique local addresses")
{
  check_all({
    {"::", AddressKind::sinkhole, "unspecified (::/128)"},
    {"::1", AddressKind::sinkhole, "loopback (::1/128)"},
    // RFC 6666 discard-only: 100::/64.
    {"100::", AddressKind::sinkhole, "discard-only (RFC 6666) (100::/64)"},
    {"100::ffff:ffff:ffff:ffff", AddressKind::sinkhole, "discard-only (RFC 6666) (100::/64)"},
    // RFC 3849 documentation.
    {"2001:db8::1", AddressKind::sinkhole, "documentation (2001:db8::/32)"},
    {"2001:db8:ffff::1", AddressKind::sinkhole, "documentation (2001:db8::/32)"},
    // RFC 4291 link-local fe80::/10 is fe80:: – febf::.
    {"fe80::1", AddressKind::sinkhole, "link-local (fe80::/10)"},
    {"febf::1", AddressKind::sinkhole, "link-local (fe80::/10)"},
    {"ff02::1", AddressKind::sinkhole, "multicast (ff00::/8)"},
    // RFC 4193 unique local fc00::/7 is fc00:: – fdff::.
    {"fc00::1", AddressKind::private_range, "unique local (RFC 4193) (fc00::/7)"},
    {"fdff:ffff::1", AddressKind::private_range, "unique local (RFC 4193) (fc00::/7)"},
  });
}

TEST_CASE("unit: IPv6 addresses just outside every special range are public")
{
  check_all({
    {"::2", AddressKind::public_address, "public"},
    {"100:0:0:1::", AddressKind::public_address, "public"}, // outside 100::/64
    {"2001:db7:ffff::1", AddressKind::public_address, "public"},
    {"2001:db9::1", AddressKind::public_address, "public"},
    {"fbff::1", AddressKind::public_address, "public"},
    {"fe00::1", AddressKind::public_address, "public"},
    {"fec0::1", AddressKind::public_address, "public"}, // deprecated site-local (RFC 3879): not in the table
    {"2a05:d014::1", AddressKind::public_address, "public"},
    {"2600:1f18::1", AddressKind::public_address, "public"},
  });
}

TEST_CASE("unit: IPv4-mapped IPv6 addresses are judged as their IPv4 address")
{
  check_all({
    {"::ffff:0.0.0.0", AddressKind::sinkhole, "\"this network\" (0.0.0.0/8)"},
    {"::ffff:127.0.0.1", AddressKind::sinkhole, "loopback (127.0.0.0/8)"},
    {"::ffff:7f00:1", AddressKind::sinkhole, "loopback (127.0.0.0/8)"},
    {"::ffff:10.1.2.3", AddressKind::private_range, "private (RFC 1918) (10.0.0.0/8)"},
    {"::ffff:100.64.0.1", AddressKind::private_range, "shared address space (RFC 6598) (100.64.0.0/10)"},
    {"::ffff:52.28.1.1", AddressKind::public_address, "public"},
    // Not mapped (::ffff:0:0/96 only): IPv4-compatible and other embeddings stay IPv6.
    {"::127.0.0.1", AddressKind::public_address, "public"},
    {"64:ff9b::7f00:1", AddressKind::public_address, "public"},
  });
}

TEST_CASE("unit: text that is not an IP address is invalid")
{
  for (const char* text : {"", "not-an-ip", "gw.srv.ygles.com", "1.2.3", "1.2.3.4.5", "256.0.0.1",
                           "01.2.3.4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/32", "fe80::1%eth0",
                           ":::", "[::1]", "::1:"}) {
    CAPTURE(text);
    CHECK(dns::classify_address(text) == AddressKind::invalid);
    CHECK(dns::describe_address(text) == "not an IP address");
    CHECK(dns::address_bytes(text).empty());
  }
}

TEST_CASE("unit: address bytes are 4 for IPv4 and 16 for IPv6, in network order")
{
  CHECK(dns::address_bytes("192.0.2.1") == std::vector<unsigned char>{192, 0, 2, 1});
  const auto v6 = dns::address_bytes("2001:db8::ff");
  REQUIRE(v6.size() == 16);
  CHECK(v6[0] == 0x20);
  CHECK(v6[1] == 0x01);
  CHECK(v6[2] == 0x0d);
  CHECK(v6[3] == 0xb8);
  CHECK(v6[15] == 0xff);
  CHECK(dns::address_bytes("::ffff:1.2.3.4").size() == 16);
}

TEST_CASE("unit: parse_network accepts A.B.C.D/N, X::/N and bare addresses")
{
  const auto lab = dns::parse_network("127.1.0.0/16");
  REQUIRE(lab.size() == 1);
  CHECK(lab[0].text == "127.1.0.0/16");
  CHECK(lab[0].bytes == std::vector<unsigned char>{127, 1, 0, 0});
  CHECK(lab[0].prefix == 16);
  const auto bare4 = dns::parse_network("192.0.2.7");
  REQUIRE(bare4.size() == 1);
  CHECK(bare4[0].prefix == 32);
  const auto bare6 = dns::parse_network("2001:db8::1");
  REQUIRE(bare6.size() == 1);
  CHECK(bare6[0].prefix == 128);
  CHECK(bare6[0].bytes.size() == 16);
  const auto v6 = dns::parse_network("fd00:1::/48");
  REQUIRE(v6.size() == 1);
  CHECK(v6[0].prefix == 48);
  CHECK(dns::parse_network("0.0.0.0/0").at(0).prefix == 0);
  CHECK(dns::parse_network("::/0").at(0).prefix == 0);
  CHECK(dns::parse_network("10.0.0.0/032").at(0).prefix == 32);
  CHECK(dns::parse_network("::/128").at(0).prefix == 128);
  // Host bits may be set: the prefix decides.
  const auto loose = dns::parse_network("10.1.2.3/8");
  REQUIRE(loose.size() == 1);
  CHECK(loose[0].contains(dns::address_bytes("10.200.0.1")));
}

TEST_CASE("unit: parse_network rejects what is not a network")
{
  for (const char* text : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.0/-1",
                           "10.0.0.0/+8", "10.0.0.0/ 8", "10.0.0.0 /8", "10.0.0.0/8/9",
                           "10.0.0.0/0008", "10.0.0.0/999", "::/129", "10.0.0/8",
                           "lab.example/16", "fe80::/10%eth0"}) {
    CAPTURE(text);
    CHECK(dns::parse_network(text).empty());
  }
}

TEST_CASE("unit: a network contains the addresses under its prefix, of its own family only")
{
  const auto net = dns::parse_network("172.16.0.0/12").at(0);
  CHECK(net.contains(dns::address_bytes("172.16.0.0")));
  CHECK(net.contains(dns::address_bytes("172.31.255.255")));
  CHECK_FALSE(net.contains(dns::address_bytes("172.15.255.255")));
  CHECK_FALSE(net.contains(dns::address_bytes("172.32.0.0")));
  CHECK_FALSE(net.contains(dns::address_bytes("fd00::1")));
  CHECK_FALSE(net.contains({}));
  const auto odd = dns::parse_network("fe80::/10").at(0);
  CHECK(odd.contains(dns::address_bytes("febf:ffff::1")));
  CHECK_FALSE(odd.contains(dns::address_bytes("fec0::1")));
  const auto all4 = dns::parse_network("0.0.0.0/0").at(0);
  CHECK(all4.contains(dns::address_bytes("203.0.113.1")));
  CHECK_FALSE(all4.contains(dns::address_bytes("::1")));
  const auto host = dns::parse_network("2001:db8::1").at(0);
  CHECK(host.contains(dns::address_bytes("2001:db8::1")));
  CHECK_FALSE(host.contains(dns::address_bytes("2001:db8::2")));
}

TEST_CASE("unit: accepted networks count as public, whatever range they cover")
{
  const auto lab = dns::parse_network("127.1.0.0/16");
  CHECK(dns::classify_address("127.1.0.9", lab) == AddressKind::public_address);
  CHECK(dns::classify_address("127.2.0.9", lab) == AddressKind::sinkhole);
  CHECK(dns::classify_address("not-an-ip", lab) == AddressKind::invalid);
  std::vector<dns::Network> site;
  for (const char* text : {"10.20.0.0/16", "fd12:3456::/32"}) {
    const auto parsed = dns::parse_network(text);
    site.insert(site.end(), parsed.begin(), parsed.end());
  }
  CHECK(dns::classify_address("10.20.30.40", site) == AddressKind::public_address);
  CHECK(dns::classify_address("10.21.0.1", site) == AddressKind::private_range);
  CHECK(dns::classify_address("fd12:3456::443", site) == AddressKind::public_address);
  CHECK(dns::classify_address("fd12:3457::443", site) == AddressKind::private_range);
  // An IPv4-mapped answer is accepted as its IPv4 address is.
  CHECK(dns::classify_address("::ffff:10.20.30.40", site) == AddressKind::public_address);
  CHECK(dns::classify_address("::ffff:127.1.0.9", lab) == AddressKind::public_address);
}

TEST_CASE("unit: address kinds have report names")
{
  CHECK(std::string(dns::to_string(AddressKind::public_address)) == "public");
  CHECK(std::string(dns::to_string(AddressKind::private_range)) == "private");
  CHECK(std::string(dns::to_string(AddressKind::sinkhole)) == "sinkhole");
  CHECK(std::string(dns::to_string(AddressKind::invalid)) == "invalid");
}
