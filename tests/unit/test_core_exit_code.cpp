#include "emready/core/exit_code.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using emready::core::ExitCode;

// The README documents the exit codes for CI systems; keep the two in step.
TEST_CASE("unit: README exit code table matches the enum")
{
  std::ifstream in(EMREADY_SOURCE_DIR "/README.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const auto readme = text.str();
  for (const auto& [code, word] : std::vector<std::pair<ExitCode, std::string>>{
         {ExitCode::ready, "ready"},
         {ExitCode::not_ready, "not ready"},
         {ExitCode::usage_error, "usage or input error"},
         {ExitCode::internal_error, "internal error"},
         {ExitCode::not_proven, "not proven"},
         {ExitCode::interrupted, "interrupted"}}) {
    const auto row = "| " + std::to_string(emready::core::to_int(code)) + " | " + word;
    CHECK_MESSAGE(readme.find(row) != std::string::npos, "README lacks the row: " << row);
  }
}
