#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace emready::check {

// The address family the printers use, which decides readiness: the workstation running
// the check may have IPv6 where the printers' network has IPv4 only (most do).
enum class DeviceFamily
{
  ipv4, // the default: every printer has IPv4
  ipv6,
  dual, // either family will do
};

// "ipv4", "ipv6", "dual".
std::string_view to_string(DeviceFamily family);

// The family named `text`, or nullopt.
std::optional<DeviceFamily> parse_device_family(std::string_view text);

// True when an address of `family` (4 or 6; 0 = chosen by a proxy) serves the devices.
bool serves_devices(DeviceFamily devices, int family);

// "IPv4", "IPv6", "IPv4 or IPv6": for sentences.
std::string describe(DeviceFamily family);

} // namespace emready::check
