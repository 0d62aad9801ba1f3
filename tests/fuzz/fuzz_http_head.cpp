// The lab's HTTP request head parser: a head or an HTTP error, never a crash.
#include "fuzz_target.hpp"

#include "emready/lab/http/http_head.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready::lab::http;
  const auto text = emready::fuzz::text_of(data, size);
  (void)looks_like_http(text);
  (void)parse_http_head(text);
  return 0;
}
