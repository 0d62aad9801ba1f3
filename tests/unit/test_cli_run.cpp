#include "emready/cli/run.hpp"

#include <doctest/doctest.h>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Outcome
{
  int code = 0;
  std::string out;
  std::string err;
};

// Runs the CLI in this process with `args`, capturing what it prints.
Outcome run_cli(std::vector<std::string> args)
{
  args.insert(args.begin(), "emready");
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  std::ostringstream out;
  std::ostringstream err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  Outcome outcome;
  outcome.code = emready::cli::run(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  outcome.out = out.str();
  outcome.err = err.str();
  return outcome;
}

} // namespace

TEST_CASE("unit: cli::run twice in one process starts from fresh options each time")
{
  const auto squid = run_cli({"rules", "--agent", "erds", "--dialect", "squid"});
  CHECK(squid.code == 0);
  CHECK(squid.out.find("dstdomain") != std::string::npos);
  CHECK(squid.out.find("srv.ygles.com") != std::string::npos);

  const auto plain = run_cli({"rules", "--agent", "cdca-v1"});
  CHECK(plain.code == 0);
  CHECK(plain.out.find("dstdomain") == std::string::npos); // the default dialect again
  CHECK(plain.out.find("ugwdevice.net") != std::string::npos);
  CHECK(plain.out.find("srv.ygles.com") == std::string::npos); // erds is not asked for now

  const auto bad = run_cli({"rules", "--dialect", "panos"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("did you mean") != std::string::npos);
  CHECK(run_cli({"profiles"}).code == 0); // the failed run's exit code does not linger

  const auto json = run_cli({"profiles", "show", "erds", "--format", "json"});
  const auto text = run_cli({"profiles", "show", "erds"});
  CHECK(json.out.find("\"document\": \"profiles\"") != std::string::npos);
  CHECK(text.out.front() != '{');
}

TEST_CASE("unit: check --help lists every verdict and dialect from their tables")
{
  const auto help = run_cli({"check", "--help"});
  CHECK(help.code == 0);
  for (const auto* name : {"dns-nxdomain", "tls-untrusted", "proxy-auth-required", "not-run"}) {
    CHECK(help.out.find(name) != std::string::npos);
  }
  CHECK(help.out.find("panos-decrypt") != std::string::npos);
  const auto agent_help = run_cli({"lab", "agent", "--help"});
  CHECK(agent_help.out.find("telemetry-mqtt-443") != std::string::npos);
}
