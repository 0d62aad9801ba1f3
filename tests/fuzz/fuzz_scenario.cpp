// The lab's scenario reader over the built-in profiles.
#include "fuzz_target.hpp"

#include "emready/core/error.hpp"
#include "emready/lab/scenario/scenario_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready;
  static const auto catalog = profile::Catalog::builtin();
  try {
    lab::scenario::read_scenario(fuzz::text_of(data, size), "/nonexistent/fuzz-scenario.yaml", catalog);
  } catch (const core::InputError&) {
  }
  return 0;
}
