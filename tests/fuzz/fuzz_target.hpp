// What every fuzz target shares: the libFuzzer entry point (also driven by replay_main.cpp
// in builds without libFuzzer), and the expected failure, an input error. Anything else
// thrown — a library's type_error, std::out_of_range — escapes and is reported as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace emready::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

} // namespace emready::fuzz
