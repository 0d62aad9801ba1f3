#include "emready/core/error.hpp"
#include "emready/lab/ready_line.hpp"
#include "emready/lab/scenario_reader.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using emready::core::InputError;
using emready::lab::read_scenario;

namespace {

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

} // namespace

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
