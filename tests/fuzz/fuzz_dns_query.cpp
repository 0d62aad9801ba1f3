// The lab's DNS server: any query packet gets an answer (or FORMERR), never a crash.
#include "fuzz_target.hpp"

#include "emready/lab/dns/dns_answer.hpp"

#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready::lab;
  static const std::vector<scenario::HostSpec> hosts = [] {
    std::vector<scenario::HostSpec> out(3);
    out[0].name = "ok.fuzz.test";
    out[0].address = *net::IpAddress::parse("127.0.0.2");
    out[1].name = "nx.fuzz.test";
    out[1].address = *net::IpAddress::parse("127.0.0.3");
    out[1].dns = scenario::DnsFault::nxdomain;
    out[2].name = "v6.fuzz.test";
    out[2].address = *net::IpAddress::parse("127.0.0.4");
    out[2].address6 = net::IpAddress::parse("fd00::4");
    return out;
  }();
  static const scenario::HostTable table(hosts);
  (void)dns::answer_query(std::span<const std::uint8_t>(data, size), table);
  return 0;
}
