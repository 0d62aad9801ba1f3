#include "test_golden.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace emready::test {

namespace {

const std::filesystem::path k_golden_dir = std::filesystem::path(EMREADY_SOURCE_DIR) / "tests" / "golden";

bool updating()
{
  const char* value = std::getenv("EMREADY_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::string read_all(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Line `index` (0-based) of `text`, "<end of file>" past its end.
std::string line_at(const std::string& text, std::size_t index)
{
  std::istringstream in(text);
  std::string line;
  for (std::size_t i = 0; std::getline(in, line); ++i) {
    if (i == index) {
      return line;
    }
  }
  return "<end of file>";
}

std::size_t first_difference(const std::string& a, const std::string& b)
{
  std::size_t line = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    line += a[i] == '\n' ? 1u : 0u;
  }
  return line;
}

} // namespace

void check_golden(const std::string& name, const std::string& actual)
{
  const auto path = k_golden_dir / name;
  if (updating()) {
    std::filesystem::create_directories(k_golden_dir);
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("rewrote " << path.string());
    return;
  }
  if (!std::filesystem::exists(path)) {
    FAIL_CHECK("golden file " << path.string() << " is missing; create it with "
               "EMREADY_UPDATE_GOLDEN=1 (see tests/golden/README.md)");
    return;
  }
  const auto expected = read_all(path);
  if (actual == expected) {
    return;
  }
  // Keep the new output for `diff -u`.
  const auto actual_path = std::filesystem::temp_directory_path() / ("emready-golden-actual-" + name);
  std::ofstream(actual_path, std::ios::binary) << actual;
  const auto line = first_difference(expected, actual);
  FAIL_CHECK("output differs from " << path.string() << " at line " << line + 1 << ":\n"
             << "  expected: " << line_at(expected, line) << "\n"
             << "  actual:   " << line_at(actual, line) << "\n"
             << "see: diff -u " << path.string() << " " << actual_path.string() << "\n"
             << "if the change is intended, rerun with EMREADY_UPDATE_GOLDEN=1 and review the diff");
}

} // namespace emready::test
