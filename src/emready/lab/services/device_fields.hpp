#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace emready::lab::services {

// The device record fields eMaintenance collects (the seed: customer, product name, serial
// number, location, IP address); every one is a string, serial_number is required.
inline constexpr std::array<std::string_view, 5> k_device_fields{
  "customer", "product_name", "serial_number", "location", "ip_address"};

// The telemetry fields (the seed: status and alarms); status is required.
inline constexpr std::array<std::string_view, 2> k_telemetry_fields{"status", "alarms"};

// Why a body is refused: a sentence for {"error": ...} and the field it is about.
struct FieldError
{
  std::string message;
  std::string field;
};

// What the seed says eM never collects, for a field name that asks for it ("user names"
// for user_name, …); nullopt for any other name.
std::optional<std::string_view> never_collected(std::string_view field);

// Checks a device body: a JSON object of only k_device_fields, strings within limits,
// serial_number present and a valid serial, ip_address an IPv4 or IPv6 address. A field eM
// never collects is named so ("field 'user_name' is not collected by eMaintenance: …").
std::optional<FieldError> validate_device_fields(const nlohmann::json& body);

// Checks a telemetry body: {"status": string, "alarms": [string, …]} and nothing else.
std::optional<FieldError> validate_telemetry(const nlohmann::json& body);

} // namespace emready::lab::services
