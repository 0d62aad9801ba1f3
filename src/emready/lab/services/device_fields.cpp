#include "emready/lab/services/device_fields.hpp"

#include "emready/lab/net/address.hpp"
#include "emready/lab/services/tenant_path.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace emready::lab::services {

namespace {

constexpr std::size_t k_max_text = 256;
constexpr std::size_t k_max_alarms = 64;

// Spellings of what the seed lists as never collected ("user actions such as user name,
// date/time, document name, job content (image/print data)").
const std::map<std::string_view, std::string_view> k_never_collected{
  {"user_name", "user names"},          {"username", "user names"},
  {"user", "user names"},               {"user_email", "user names and e-mail addresses"},
  {"document_name", "document names"},  {"document", "document names"},
  {"file_name", "document names"},      {"job_content", "job content (image/print data)"},
  {"job_data", "job content (image/print data)"},
  {"print_data", "job content (image/print data)"},
  {"image_data", "job content (image/print data)"},
  {"job_time", "the date and time of user actions"}};

template <std::size_t N>
std::optional<FieldError> unknown_field(const nlohmann::json& body,
                                        const std::array<std::string_view, N>& allowed)
{
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
      continue;
    }
    if (const auto what = never_collected(key)) {
      return FieldError{fmt::format("field '{}' is not collected by eMaintenance: {} are never "
                                    "collected (Canon's eMaintenance security FAQ)",
                                    key, *what),
                        key};
    }
    return FieldError{fmt::format("field '{}' is not collected by eMaintenance (allowed: {})",
                                  key, fmt::join(allowed, ", ")),
                      key};
  }
  return std::nullopt;
}

std::optional<FieldError> bad_text(const nlohmann::json& value, const std::string& field)
{
  if (!value.is_string()) {
    return FieldError{fmt::format("field '{}' must be a string", field), field};
  }
  if (value.get_ref<const std::string&>().size() > k_max_text) {
    return FieldError{fmt::format("field '{}' is longer than {} bytes", field, k_max_text),
                      field};
  }
  return std::nullopt;
}

std::optional<FieldError> not_an_object(const nlohmann::json& body)
{
  if (body.is_object()) {
    return std::nullopt;
  }
  return FieldError{"the body must be a JSON object", ""};
}

} // namespace

std::optional<std::string_view> never_collected(std::string_view field)
{
  const auto found = k_never_collected.find(field);
  return found == k_never_collected.end() ? std::nullopt
                                          : std::optional<std::string_view>(found->second);
}

std::optional<FieldError> validate_device_fields(const nlohmann::json& body)
{
  if (auto error = not_an_object(body); error || (error = unknown_field(body, k_device_fields))) {
    return error;
  }
  for (const auto& [key, value] : body.items()) {
    if (auto error = bad_text(value, key)) {
      return error;
    }
  }
  if (!body.contains("serial_number")) {
    return FieldError{"field 'serial_number' is required", "serial_number"};
  }
  if (!valid_serial(body["serial_number"].get_ref<const std::string&>())) {
    return FieldError{"field 'serial_number' must be 1 to 64 of A-Z a-z 0-9 _ -",
                      "serial_number"};
  }
  if (body.contains("ip_address") &&
      !net::IpAddress::parse(body["ip_address"].get_ref<const std::string&>())) {
    return FieldError{"field 'ip_address' is not an IPv4 or IPv6 address", "ip_address"};
  }
  return std::nullopt;
}

std::optional<FieldError> validate_telemetry(const nlohmann::json& body)
{
  if (auto error = not_an_object(body); error || (error = unknown_field(body, k_telemetry_fields))) {
    return error;
  }
  if (!body.contains("status")) {
    return FieldError{"field 'status' is required", "status"};
  }
  if (auto error = bad_text(body["status"], "status")) {
    return error;
  }
  if (!body.contains("alarms")) {
    return std::nullopt;
  }
  const auto& alarms = body["alarms"];
  if (!alarms.is_array() || alarms.size() > k_max_alarms) {
    return FieldError{fmt::format("field 'alarms' must be a list of at most {} strings",
                                  k_max_alarms),
                      "alarms"};
  }
  for (const auto& alarm : alarms) {
    if (auto error = bad_text(alarm, "alarms")) {
      return error;
    }
  }
  return std::nullopt;
}

} // namespace emready::lab::services
