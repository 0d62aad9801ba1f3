#include "emready/check/device_family.hpp"

namespace emready::check {

std::string_view to_string(DeviceFamily family)
{
  switch (family) {
  case DeviceFamily::ipv4: return "ipv4";
  case DeviceFamily::ipv6: return "ipv6";
  case DeviceFamily::dual: return "dual";
  }
  return "ipv4";
}

std::optional<DeviceFamily> parse_device_family(std::string_view text)
{
  for (const auto family : {DeviceFamily::ipv4, DeviceFamily::ipv6, DeviceFamily::dual}) {
    if (text == to_string(family)) {
      return family;
    }
  }
  return std::nullopt;
}

bool serves_devices(DeviceFamily devices, int family)
{
  switch (devices) {
  case DeviceFamily::ipv4: return family != 6;
  case DeviceFamily::ipv6: return family != 4;
  case DeviceFamily::dual: return true;
  }
  return true;
}

std::string describe(DeviceFamily family)
{
  switch (family) {
  case DeviceFamily::ipv4: return "IPv4";
  case DeviceFamily::ipv6: return "IPv6";
  case DeviceFamily::dual: return "IPv4 or IPv6";
  }
  return "IPv4";
}

} // namespace emready::check
