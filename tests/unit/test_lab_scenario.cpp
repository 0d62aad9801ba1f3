#include "emready/core/error.hpp"
#include "emready/lab/ready_line.hpp"
#include "emready/lab/scenario/scenario_reader.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using emready::core::InputError;
using emready::lab::scenario::read_scenario;
using emready::lab::scenario::TlsFault;

namespace {

// Built on first use: the embedded profiles are not ready during static initialisation.
const emready::profile::Catalog& catalog()
{
  static const auto built = emready::profile::Catalog::builtin();
  return built;
}

std::string error_of(const std::string& yaml)
{
  try {
    read_scenario(yaml, "s.yaml", catalog());
  } catch (const InputError& e) {
    return emready::core::format_error(e);
  }
  return "no error";
}

const emready::lab::scenario::HostSpec& host_named(
  const emready::lab::scenario::Scenario& scenario, const std::string& name)
{
  for (const auto& host : scenario.hosts) {
    if (host.name == name) {
      return host;
    }
  }
  FAIL("no host " << name);
  return scenario.hosts.front();
}

} // namespace

TEST_CASE("lab: scenario defaults serve every agent from 127.1.0.1 on")
{
  const auto scenario = read_scenario("dns_port: 0\n", "s.yaml", catalog());
  CHECK(scenario.agents == catalog().agent_names());
  REQUIRE(!scenario.hosts.empty());
  CHECK(scenario.hosts[0].address.to_string() == "127.1.0.1");
  CHECK(scenario.hosts[1].address.to_string() == "127.1.0.2");
  CHECK(scenario.listen.to_string() == "127.0.0.1");
  CHECK(!scenario.proxy);
  CHECK(scenario.port_map_text().empty());
}

TEST_CASE("lab: scenario faults, addresses, port map and extra hosts")
{
  const auto scenario = read_scenario("agents: [cca]\n"
                                      "address_base: 127.5.0.0\n"
                                      "port_map: {443: 10443, 8883: 18883}\n"
                                      "extra_hosts: [Bench-1.Example.TEST.]\n"
                                      "hosts:\n"
                                      "  bench-1.example.test:\n"
                                      "    dns: servfail\n"
                                      "    addresses: [0.0.0.0, '::1']\n"
                                      "    tls: {443: refuse, 8883: large-chain}\n"
                                      "    chain_length: 12\n",
                                      "s.yaml", catalog());
  CHECK(scenario.port_map_text() == "443=10443,8883=18883");
  CHECK(scenario.mapped(443) == 10443);
  CHECK(scenario.mapped(80) == 80);
  const auto& bench = host_named(scenario, "bench-1.example.test");
  CHECK(bench.address.to_string() == fmt::format("127.5.0.{}", scenario.hosts.size()));
  CHECK(bench.dns == emready::lab::scenario::DnsFault::servfail);
  REQUIRE(bench.answers);
  CHECK(bench.answers->size() == 2);
  CHECK(bench.fault_on(443) == TlsFault::refuse);
  CHECK(bench.fault_on(8883) == TlsFault::large_chain);
  CHECK(bench.ports == std::vector<std::uint16_t>{443, 8883});
  CHECK(bench.chain_length == 12);
}

TEST_CASE("lab: scenario errors are located, with did-you-mean")
{
  CHECK(error_of("agent: [cca]\n") ==
        "emready: error: s.yaml:1:1: unknown key 'agent' in the scenario (did you mean "
        "'agents'?)\n"
        "  agent: [cca]\n"
        "  ^\n");
  CHECK(error_of("agents: [ccaa]\n").find("s.yaml:1:10: unknown agent 'ccaa' (did you mean 'cca'?)") !=
        std::string::npos);
  CHECK(error_of("extra_hosts: [a.lab.test]\nhosts:\n  a.lab.test: {tls: expird}\n")
          .find("s.yaml:3:21: unknown TLS fault 'expird' (did you mean 'expired'?)") !=
        std::string::npos);
  CHECK(error_of("extra_hosts: [a.lab.test]\nhosts:\n  a.lab.test: {dns: nxdomian}\n")
          .find("unknown DNS fault 'nxdomian' (did you mean 'nxdomain'?)") != std::string::npos);
  CHECK(error_of("extra_hosts: [a.lab.test]\nhosts:\n  b.lab.test: {}\n")
          .find("s.yaml:3:3: 'b.lab.test' is not a served host") != std::string::npos);
  CHECK(error_of("extra_hosts: [a.lab.test]\nhosts:\n  a.lab.test: {addresses: [1.2.3]}\n")
          .find("s.yaml:3:28: '1.2.3' is not an IPv4 or IPv6 address") != std::string::npos);
  CHECK(error_of("extra_hosts: [a.lab.test]\nhosts:\n  a.lab.test: {tlss: ok}\n")
          .find("s.yaml:3:16: unknown key 'tlss' in host 'a.lab.test' (did you mean 'tls'?)") !=
        std::string::npos);
  CHECK(error_of("listen: 0.0.0.0\n").find("s.yaml:1:9: 'listen' must be an IPv4 address inside "
                                           "127.0.0.0/8") != std::string::npos);
  CHECK(error_of("address_base: 127.255.255.250\n").find("do not fit in 127.0.0.0/8") !=
        std::string::npos);
  CHECK(error_of("port_map: {443: 70000}\n").find("s.yaml:1:17: port 70000 is out of range") !=
        std::string::npos);
  CHECK(error_of("proxy: {dialect: sqid}\n").find("s.yaml:1:18:") != std::string::npos);
  CHECK(error_of("proxy: {allowlist: nowhere.txt}\n").find("does not exist") != std::string::npos);
  CHECK(error_of("proxy: {auth: nocolon}\n").find("'auth' must be 'user:password'") !=
        std::string::npos);
  CHECK(error_of("").find("the scenario is empty") != std::string::npos);
}

TEST_CASE("unit: lab services: the scenario may pin the root token; errors are located")
{
  const auto pinned = read_scenario("agents: [cca]\nservices: {root_token: lab-root-0123456789}\n",
                                    "s.yaml", catalog());
  CHECK(pinned.services.root_token == "lab-root-0123456789");
  CHECK(read_scenario("agents: [cca]\nservices:\n", "s.yaml", catalog())
          .services.root_token.empty());
  CHECK(error_of("agents: [cca]\nservices: {root_token: short}\n")
          .find("s.yaml:2:24: 'root_token' must be 16 to 256 characters") != std::string::npos);
  CHECK(error_of("agents: [cca]\nservices: {root_token: \"has space 0123456789\"}\n")
          .find("s.yaml:2:24:") != std::string::npos);
  CHECK(error_of("agents: [cca]\nservices: {root_tokn: abc}\n")
          .find("did you mean 'root_token'") != std::string::npos);
}

TEST_CASE("unit: lab services: the ready line carries the root token")
{
  const auto scenario = read_scenario("agents: [cca]\n", "s.yaml", catalog());
  emready::lab::ReadyFacts facts;
  facts.root_token = "abc";
  const auto line = nlohmann::json::parse(emready::lab::ready_line(scenario, facts));
  CHECK(line["root_token"] == "abc");
  CHECK(line.contains("hosts"));
}
