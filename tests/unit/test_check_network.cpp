#include "emready/dns/address_class.hpp"
#include "emready/probe/proxy_settings.hpp"
#include "emready/core/error.hpp"
#include "emready/report/junit.hpp"

#include <doctest/doctest.h>
#include <map>

using namespace emready;

TEST_CASE("unit: addresses no public host has are sinkholes, private ranges are flagged")
{
  using dns::AddressKind;
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

TEST_CASE("unit: proxy settings come from --proxy or the environment, NO_PROXY applies to the latter")
{
  std::map<std::string, std::string> env{{"https_proxy", "http://u:p@proxy.lan:3128"},
                                         {"NO_PROXY", "localhost,.example.com, srv.ygles.com"}};
  const auto lookup = [&](const char* name) { return env.count(name) ? env[name] : std::string(); };
  const auto from_env = probe::proxy_settings("", false, lookup, "--proxy");
  REQUIRE(from_env);
  CHECK(from_env->source == "https_proxy");
  CHECK(from_env->display == "http://proxy.lan:3128"); // no credentials in reports
  CHECK(from_env->bypassed("a.example.com"));
  CHECK(from_env->bypassed("gw.srv.ygles.com"));
  CHECK_FALSE(from_env->bypassed("ygles.com"));
  CHECK_FALSE(from_env->bypassed("a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com"));
  CHECK_FALSE(probe::proxy_settings("", true, lookup, "--proxy"));
  const auto flag = probe::proxy_settings("proxy.lan:8080", false, lookup, "--proxy");
  CHECK(flag->url == "http://proxy.lan:8080");
  CHECK(flag->no_proxy.empty());
  CHECK_THROWS_AS(probe::proxy_settings("socks5://proxy:1080", false, lookup, "--proxy"), core::InputError);
  CHECK_THROWS_AS(probe::proxy_settings("http://proxy.lan", false, lookup, "--proxy"), core::InputError);
}

TEST_CASE("unit: JUnit text is escaped")
{
  CHECK(report::xml_escape("a<b & \"c\" 'd'>\x01") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
}
