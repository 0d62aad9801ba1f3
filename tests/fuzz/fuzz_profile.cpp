// The profile loader: YAML of any shape must end in a profile or a located input error.
#include "fuzz_target.hpp"

#include "emready/core/error.hpp"
#include "emready/profile/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  try {
    emready::profile::load_profile(emready::fuzz::text_of(data, size), "fuzz.yaml");
  } catch (const emready::core::InputError&) {
  }
  return 0;
}
