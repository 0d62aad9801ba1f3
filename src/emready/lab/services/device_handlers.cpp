// The device routes: register or change, show, delete, telemetry.
#include "emready/lab/services/device_fields.hpp"
#include "emready/lab/services/digest.hpp"
#include "emready/lab/services/handlers.hpp"

#include <fmt/format.h>

namespace emready::lab::services {

namespace {

// The body checked by `validate`, or the 400/422 response refusing it.
template <typename Validate>
std::variant<nlohmann::json, HttpResponse> checked_body(const Call& call, Validate validate)
{
  auto body = json_body(call);
  if (const auto* json = std::get_if<nlohmann::json>(&body)) {
    if (const auto error = validate(*json)) {
      return error_response(422, error->message, error->field);
    }
  }
  return body;
}

Device& device_of(Call& call)
{
  return call.state.tree().find(call.route.tenant)->devices.at(call.route.serial);
}

} // namespace

HttpResponse put_device(Call& call)
{
  if (auto refusal = refuse_access(call, false)) {
    return *refusal;
  }
  const auto body = checked_body(call, validate_device_fields);
  if (const auto* response = std::get_if<HttpResponse>(&body)) {
    return *response;
  }
  const auto& fields = std::get<nlohmann::json>(body);
  if (fields["serial_number"] != call.route.serial) {
    return error_response(422, fmt::format("field 'serial_number' must be the serial in the "
                                           "path ('{}')", call.route.serial),
                          "serial_number");
  }
  auto& devices = call.state.tree().find(call.route.tenant)->devices;
  const auto found = devices.find(call.route.serial);
  const bool created = found == devices.end();
  if (created || found->second.fields != fields) {
    audit(call, created ? "create" : "change", "device", call.route.tenant, call.route.serial);
    devices[call.route.serial].fields = fields;
    call.state.save_tree();
  }
  return json_response(created ? 201 : 200, fields);
}

HttpResponse show_device(Call& call)
{
  if (auto refusal = refuse_access(call, true)) {
    return *refusal;
  }
  const auto& device = device_of(call);
  auto json = device.fields;
  json["tenant"] = call.route.tenant;
  json["telemetry"] = device.telemetry;
  json["backup"] = nullptr;
  if (const auto backup = call.state.backups().get(call.route.tenant, call.route.serial)) {
    json["backup"] = {{"sha256", sha256_hex(*backup)}, {"size", backup->size()}};
  }
  return json_response(200, json);
}

HttpResponse delete_device(Call& call)
{
  if (auto refusal = refuse_access(call, true)) {
    return *refusal;
  }
  audit(call, "delete", "device", call.route.tenant, call.route.serial);
  call.state.tree().find(call.route.tenant)->devices.erase(call.route.serial);
  call.state.save_tree();
  call.state.backups().remove(call.route.tenant, call.route.serial);
  return no_content();
}

HttpResponse post_telemetry(Call& call)
{
  if (auto refusal = refuse_access(call, true)) {
    return *refusal;
  }
  const auto body = checked_body(call, validate_telemetry);
  if (const auto* response = std::get_if<HttpResponse>(&body)) {
    return *response;
  }
  const auto& json = std::get<nlohmann::json>(body);
  const auto time = rfc3339_now();
  audit(call, "create", "telemetry", call.route.tenant, call.route.serial);
  device_of(call).telemetry = {{"status", json["status"]},
                               {"alarms", json.value("alarms", nlohmann::json::array())},
                               {"time", time}};
  call.state.save_tree();
  return json_response(202, {{"serial_number", call.route.serial}, {"time", time}});
}

} // namespace emready::lab::services
