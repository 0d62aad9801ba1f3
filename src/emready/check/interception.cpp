#include "emready/check/interception.hpp"

#include "emready/core/host_name.hpp"

namespace emready::check {

namespace {

struct Marker
{
  const char* text; // lower case, found anywhere in the issuer
  const char* product;
};

// Default CA names of inspection products, as their admin guides show them (e.g. PAN-OS
// "Forward Trust", FortiGate "Fortinet_CA_SSL", Zscaler "Zscaler Intermediate Root CA").
const Marker k_markers[] = {
  {"palo alto", "Palo Alto Networks"},
  {"forward trust", "Palo Alto Networks"},
  {"fortinet", "Fortinet FortiGate"},
  {"fortigate", "Fortinet FortiGate"},
  {"zscaler", "Zscaler"},
  {"sophos", "Sophos"},
  {"check point", "Check Point"},
  {"checkpoint", "Check Point"},
  {"cisco", "Cisco"},
  {"umbrella", "Cisco Umbrella"},
  {"forcepoint", "Forcepoint"},
  {"websense", "Forcepoint (Websense)"},
  {"blue coat", "Symantec / Blue Coat ProxySG"},
  {"bluecoat", "Symantec / Blue Coat ProxySG"},
  {"symantec", "Symantec / Blue Coat ProxySG"},
  {"mcafee", "McAfee / Skyhigh Web Gateway"},
  {"skyhigh", "McAfee / Skyhigh Web Gateway"},
  {"netskope", "Netskope"},
  {"barracuda", "Barracuda"},
  {"sonicwall", "SonicWall"},
  {"watchguard", "WatchGuard"},
  {"kaspersky", "Kaspersky"},
  {"eset ssl filter", "ESET"},
  {"avast", "Avast"},
  {"bitdefender", "Bitdefender"},
  {"squid", "Squid (ssl_bump)"},
  {"mitmproxy", "mitmproxy"},
  {"do_not_trust", "Fiddler"},
  {"charles proxy", "Charles Proxy"},
  {"cloudflare gateway", "Cloudflare Gateway"},
  {"iboss", "iboss"},
  {"untangle", "Untangle"},
};

} // namespace

std::string interception_product(std::string_view issuer)
{
  const auto lower = core::to_lower(issuer);
  for (const auto& marker : k_markers) {
    if (lower.find(marker.text) != std::string::npos) {
      return marker.product;
    }
  }
  return "";
}

} // namespace emready::check
