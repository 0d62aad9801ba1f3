// The PAC scanner: comments blanked, then every line scanned for host tests.
#include "fuzz_target.hpp"

#include "emready/rules/dialects/pac_scan.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready::rules::dialects;
  const auto code = pac::without_comments(emready::fuzz::text_of(data, size));
  if (code.size() != size) {
    __builtin_trap(); // lines and columns must stay those of the file
  }
  std::string_view rest = code;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const auto line = rest.substr(0, end);
    for (const auto& test : pac::scan_host_tests(line).tests) {
      if (test.text.data() < line.data() || test.text.data() + test.text.size() > line.data() + line.size()) {
        __builtin_trap(); // a test is a view into its line
      }
    }
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return 0;
}
