// The proxy answer's reading: a CONNECT answer head (status line, then headers) as the probe
// records it, then its verdict.
#include "fuzz_target.hpp"

#include "emready/check/proxy_answer.hpp"

#include <charconv>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready;
  check::ProxyObservation proxy;
  proxy.used = true;
  std::string_view rest = fuzz::text_of(data, size);
  bool first = true;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (first) {
      proxy.status_line = std::string(line);
      if (line.size() > 9) {
        std::from_chars(line.data() + 9, line.data() + line.size(), proxy.connect_code);
      }
      first = false;
      continue;
    }
    const auto colon = line.find(':');
    const auto name = line.substr(0, colon);
    const auto value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (name == "Via") {
      proxy.via = value;
    } else if (name == "Server") {
      proxy.server = value;
    } else if (name == "X-Squid-Error") {
      proxy.squid_error = value;
    } else if (name == "Proxy-Status") {
      proxy.proxy_status = value;
    } else if (name == "Proxy-Authenticate") {
      proxy.authenticate.emplace_back(value);
    }
  }
  (void)check::classify_proxy_answer(proxy);
  proxy.socks = true;
  proxy.socks_failure = static_cast<check::SocksFailure>(size % 8);
  (void)check::classify_socks_failure(proxy);
  return 0;
}
