#include "emready/profile/profile.hpp"

namespace emready::profile {

const char* to_string(Protocol protocol)
{
  switch (protocol) {
  case Protocol::https:
    return "https";
  case Protocol::mqtt_tls:
    return "mqtt-tls";
  }
  return "?";
}

std::string device_alpn(Protocol protocol, std::uint16_t port)
{
  if (protocol == Protocol::mqtt_tls) {
    return port == 443 ? "x-amzn-mqtt-ca" : "";
  }
  return "http/1.1";
}

std::string wildcard_domain(const std::string& recommended_rule)
{
  return recommended_rule.starts_with("*.") ? recommended_rule.substr(2) : recommended_rule;
}

} // namespace emready::profile
