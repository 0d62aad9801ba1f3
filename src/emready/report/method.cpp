#include "emready/report/method.hpp"

#include "emready/check/diagnosis.hpp"

#include <cstdlib>
#include <fmt/format.h>

namespace emready::report {

std::string probed_families(const check::CheckResult& result)
{
  if (result.probed_ipv4 && result.probed_ipv6) {
    return "IPv4 and IPv6";
  }
  return result.probed_ipv4 ? "IPv4 only" : "IPv6 only";
}

std::vector<std::string> method_notes(const check::CheckResult& result)
{
  std::vector<std::string> notes;
  if (result.devices == check::DeviceFamily::dual) {
    notes.push_back("Readiness: an endpoint is ready when it works over IPv4 or IPv6 "
                    "(--device-family dual).");
  } else {
    const auto theirs = check::describe(result.devices);
    notes.push_back(fmt::format(
      "Readiness is judged over {}, the family the printers use (--device-family {}){}.", theirs,
      check::to_string(result.devices),
      result.probed_ipv4 && result.probed_ipv6
        ? fmt::format("; {} results are information only",
                      result.devices == check::DeviceFamily::ipv4 ? "IPv6" : "IPv4")
        : ""));
  }
  if (!result.sent_from.empty()) {
    notes.push_back(fmt::format("DNS queries and probes were sent from {}: each observation "
                                "records the source address it had.",
                                result.sent_from));
  }
  if (!result.pac.empty()) {
    notes.push_back(fmt::format(
      "Each endpoint was routed as the PAC file {} says (FindProxyForURL per endpoint; the route "
      "taken is shown with each one): the printers follow it only if they are configured with it.",
      result.pac));
  }
  if (result.proxy_from_environment) {
    notes.push_back(fmt::format(
      "Tested through this workstation's proxy {}: the printers reach eM this way only if they "
      "are configured with the same proxy (give it with --proxy; --proxy none tests the direct "
      "path the printers take without one).",
      result.proxy));
  }
  if (result.clock) {
    const auto skew = result.clock->skew_s;
    notes.push_back(
      std::abs(skew) <= check::k_clock_skew_limit_s
        ? fmt::format("Certificates looked out of date, so this machine's clock was compared with "
                      "the Date header of {}: they agree within {} s.",
                      result.clock->url, std::abs(skew))
        : fmt::format("This machine's clock is {} {} the Date header of {}: certificate dates "
                      "were judged against a wrong clock.",
                      check::duration_text(skew), skew > 0 ? "ahead of" : "behind", result.clock->url));
  }
  return notes;
}

} // namespace emready::report
