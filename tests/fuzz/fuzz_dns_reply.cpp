// A DNS reply as the resolver reads it (its question, counted before c-ares matches it;
// c-ares, then our addresses and CNAME chain).
#include "fuzz_target.hpp"

#include "emready/probe/dns_reply.hpp"

#include <climits>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size > INT_MAX) {
    return 0;
  }
  (void)emready::probe::reply_question(data, size); // what the resolver counts under c-ares
  for (const int family : {4, 6}) {
    emready::dns::Answer answer;
    emready::probe::parse_reply(family, data, static_cast<int>(size), answer);
  }
  return 0;
}
