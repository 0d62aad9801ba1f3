#include "emready/core/error.hpp"
#include "emready/core/open_files.hpp"
#include "emready/core/port_map.hpp"
#include "emready/profile/profile.hpp"

#include <doctest/doctest.h>

using namespace emready;

TEST_CASE("unit: PortMap parses, maps, keeps the last mapping and names a bad item")
{
  const auto map = core::PortMap::parse({"443=10443,8883=18883", "443=20443"});
  CHECK(map.mapped(443) == 20443);
  CHECK(map.mapped(8883) == 18883);
  CHECK(map.mapped(80) == 80);
  CHECK(map.text() == "443=20443,8883=18883");
  CHECK(core::PortMap::parse({}).empty());
  try {
    core::with_context("--port-map", [] { return core::PortMap::parse({"443=99999"}); });
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()) == "--port-map: '443=99999': '99999' is not a port (1-65535)");
  }
  CHECK_THROWS_AS(core::PortMap::parse({"443"}), core::InputError);
  CHECK_THROWS_AS(core::PortMap::parse({"443=10443,"}), core::InputError);
}

TEST_CASE("unit: with_context leaves located errors alone: FILE:LINE:COL names their origin")
{
  bool thrown = false;
  try {
    core::with_context("--profiles", [] {
      throw core::InputError("unknown key 'hots'", core::SourceLocation{"x.yaml", 3, 5, "hots: a"});
    });
  } catch (const core::InputError& e) {
    thrown = true;
    CHECK(std::string(e.what()) == "unknown key 'hots'");
    CHECK(e.location()->line == 3);
  }
  CHECK(thrown);
}

TEST_CASE("unit: the descriptor budget raises the soft limit, or shrinks the concurrency to fit")
{
  auto budget = core::plan_descriptors(1024, 1048576, 512);
  CHECK(budget.soft_limit == 1024); // 512 + 64 fit already
  CHECK(budget.concurrency == 512);
  budget = core::plan_descriptors(256, 1048576, 2000);
  CHECK(budget.soft_limit == 2064);
  CHECK(budget.concurrency == 2000);
  budget = core::plan_descriptors(256, 256, 2000); // ulimit -n 256: soft = hard = 256
  CHECK(budget.soft_limit == 256);
  CHECK(budget.concurrency == 192);
  CHECK(core::plan_descriptors(32, 32, 100).concurrency == 1); // never zero
  CHECK(core::plan_descriptors(256, 256, 100, 2).concurrency == 96);
}

TEST_CASE("unit: the device ALPN rule: MQTT on 443 offers x-amzn-mqtt-ca, on 8883 nothing")
{
  CHECK(profile::device_alpn(profile::Protocol::mqtt_tls, 443) == "x-amzn-mqtt-ca");
  CHECK(profile::device_alpn(profile::Protocol::mqtt_tls, 8883).empty());
  CHECK(profile::device_alpn(profile::Protocol::https, 443) == "http/1.1");
}
