#include "emready/core/error.hpp"
#include "emready/profile/catalog.hpp"
#include "emready/profile/loader.hpp"

#include <doctest/doctest.h>
#include <map>

using emready::core::InputError;
using emready::profile::load_profile;

namespace {

// The full error text the CLI would print for `yaml`.
std::string error_of(const std::string& yaml)
{
  try {
    load_profile(yaml, "p.yaml");
  } catch (const InputError& e) {
    return emready::core::format_error(e);
  }
  return "no error";
}

const std::string k_head = "agent: x\ntitle: X\nendpoints:\n";

} // namespace

TEST_CASE("unit: profile errors are located and pinned")
{
  CHECK(error_of(k_head + "  - host: a.example.com\n    port: [443]\n") ==
        "emready: error: p.yaml:5:5: unknown key 'port' in an endpoint (did you mean 'ports'?)\n"
        "      port: [443]\n"
        "      ^\n");
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [0]\n") ==
        "emready: error: p.yaml:5:13: port 0 is out of range (1..65535)\n"
        "      ports: [0]\n"
        "              ^\n");
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [65536]\n")
          .find("p.yaml:5:13: port 65536 is out of range") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a_b.example.com\n    ports: [443]\n")
          .find("p.yaml:4:11: invalid host name: character '_' is not allowed") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [443]\n"
                          "  - host: A.example.com\n    ports: [8883]\n")
          .find("p.yaml:6:11: duplicate endpoint 'a.example.com' (first defined on line 4)") !=
        std::string::npos);
  CHECK(error_of("agent: x\ntitle: X\nendpoints: []\n")
          .find("p.yaml:3:12: 'endpoints' is empty") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: []\n")
          .find("p.yaml:5:12: 'ports' is empty") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: 443\n")
          .find("p.yaml:5:12: 'ports' must be a list of port numbers such as [443], not the "
                "scalar '443'") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [https]\n")
          .find("p.yaml:5:13: 'ports' must be a whole number, not 'https'") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [443]\n    required: maybe\n")
          .find("p.yaml:6:15: 'required' must be true or false, not 'maybe'") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [443]\n    required: false\n")
          .find("needs a 'condition'") != std::string::npos);
  CHECK(error_of(k_head + "  - host: a.example.com\n    ports: [443]\n    any_port: true\n")
          .find("needs at least two ports") != std::string::npos);
  CHECK(error_of("agent: x\ntitel: X\nendpoints: []\n")
          .find("p.yaml:2:1: unknown key 'titel' in a profile (did you mean 'title'?)") !=
        std::string::npos);
  CHECK(error_of("agent: x\nendpoints:\n  - host: a.example.com\n    ports: [443]\n")
          .find("p.yaml:1:1: a profile has no 'title'") != std::string::npos);
  CHECK(error_of("agent: x\ntitle: [\n").find("p.yaml:") != std::string::npos);
  CHECK(error_of("agent: x\ntitle: [\n").find("invalid YAML") != std::string::npos);
  CHECK(error_of("").find("the profile is empty") != std::string::npos);
  CHECK(error_of("agent: x\ntitle: X\nrecommended_rules: [\"*.other.com\"]\nendpoints:\n"
                 "  - host: a.example.com\n    ports: [443]\n")
          .find("p.yaml:3:21: recommended rule '*.other.com' covers no endpoint") !=
        std::string::npos);
  CHECK(error_of("agent: Bad Name\ntitle: X\nendpoints: []\n").find("p.yaml:1:8: agent name") !=
        std::string::npos);
}

TEST_CASE("unit: built-in profiles hold the seed's endpoints")
{
  const auto catalog = emready::profile::Catalog::builtin();
  const std::map<std::string, std::size_t> counts{
    {"cca", 8},  {"cdca-v1", 1}, {"cdca-v2", 10}, {"cdca-v2-cca", 14}, {"meap-cca", 11},
    {"meap-http", 2}, {"erds", 3},  {"rdms", 3},     {"backup", 14}};
  CHECK(catalog.profiles().size() == counts.size());
  for (const auto& [agent, count] : counts) {
    const auto* profile = catalog.find(agent);
    REQUIRE_MESSAGE(profile != nullptr, agent);
    CHECK_MESSAGE(profile->endpoints.size() == count, agent);
    CHECK(profile->region == "eu-central-1");
  }
  const auto& cca = *catalog.find("cca");
  const auto& iot = cca.endpoints.back();
  CHECK(iot.host == "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com");
  CHECK(iot.ports == std::vector<std::uint16_t>{443, 8883});
  CHECK(iot.any_port);
  CHECK(iot.protocol == emready::profile::Protocol::mqtt_tls);
  CHECK(iot.mutual_tls);
  const auto& erds = *catalog.find("erds");
  CHECK_FALSE(erds.endpoints[2].required);
  CHECK(erds.endpoints[2].host == "cnvextdata-an1s.srv.ygles.com");
  CHECK_FALSE(erds.endpoints[2].condition.empty());
  const auto& v1 = *catalog.find("cdca-v1");
  CHECK_FALSE(v1.endpoints[0].port_note.empty()); // the brochure states no port
  CHECK(catalog.find("cdca-v2")->endpoints.back().host == "gdlp01.c-wss.com");
}

TEST_CASE("unit: agent selection")
{
  const auto catalog = emready::profile::Catalog::builtin();
  CHECK(catalog.select({}).size() == 9);
  CHECK(catalog.select({"all"}).size() == 9);
  const auto two = catalog.select({"erds,cca", "cca"});
  REQUIRE(two.size() == 2);
  CHECK(two[0]->agent == "erds");
  try {
    catalog.select({"cdca-v3"});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).starts_with("unknown agent 'cdca-v3' (did you mean 'cdca-v1'?)"));
  }
}
