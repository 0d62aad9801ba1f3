// The tenant routes: children, show, delete, and the audit log.
#include "emready/lab/services/digest.hpp"
#include "emready/lab/services/handlers.hpp"
#include "emready/lab/services/tenant_path.hpp"

#include <fmt/format.h>

namespace emready::lab::services {

namespace {

std::optional<HttpResponse> bad_child_name(const nlohmann::json& body)
{
  for (const auto& [key, value] : body.items()) {
    if (key != "name") {
      return error_response(422, fmt::format("field '{}' is unknown (only 'name')", key), key);
    }
  }
  if (!body.contains("name") || !body["name"].is_string() ||
      !valid_tenant_name(body["name"].get_ref<const std::string&>())) {
    return error_response(422, "'name' must be 1 to 32 of a-z 0-9 - (and not 'root', "
                               "'children' or 'devices')",
                          "name");
  }
  return std::nullopt;
}

} // namespace

HttpResponse create_child(Call& call)
{
  if (auto refusal = refuse_access(call, false)) {
    return *refusal;
  }
  auto body = json_body(call);
  if (auto* response = std::get_if<HttpResponse>(&body)) {
    return *response;
  }
  const auto& json = std::get<nlohmann::json>(body);
  if (auto refusal = bad_child_name(json)) {
    return *refusal;
  }
  const auto id = call.route.tenant + "/" + json["name"].get<std::string>();
  if (depth_of(id) > k_max_tenant_depth) {
    return error_response(422, fmt::format("tenants nest at most {} levels below the root",
                                           k_max_tenant_depth), "name");
  }
  if (call.state.tree().find(id) != nullptr) {
    return error_response(409, fmt::format("tenant '{}' exists already", id));
  }
  const auto token = random_token();
  audit(call, "create", "tenant", id, "");
  call.state.tree().add(id, sha256_hex(token));
  call.state.save_tree();
  return json_response(201, {{"id", id}, {"token", token}});
}

HttpResponse show_tenant(Call& call)
{
  if (auto refusal = refuse_access(call, false)) {
    return *refusal;
  }
  const auto& id = call.route.tenant;
  nlohmann::json devices = nlohmann::json::array();
  for (const auto& [serial, device] : call.state.tree().find(id)->devices) {
    devices.push_back(serial);
  }
  const auto parent = parent_of(id);
  return json_response(200, {{"id", id},
                             {"parent", parent.empty() ? nlohmann::json() : nlohmann::json(parent)},
                             {"children", call.state.tree().children_of(id)},
                             {"devices", std::move(devices)}});
}

HttpResponse delete_tenant(Call& call)
{
  const auto& id = call.route.tenant;
  if (!may_delete_tenant(call.caller, id)) {
    return error_response(403, fmt::format("tenant '{}' may not delete '{}': only its "
                                           "ancestors may (a tenant never deletes itself)",
                                           call.caller, id));
  }
  if (auto refusal = refuse_access(call, false)) {
    return *refusal;
  }
  audit(call, "delete", "tenant", id, "");
  const auto devices = call.state.tree().remove_subtree(id);
  call.state.save_tree();
  for (const auto& [tenant, serial] : devices) {
    call.state.backups().remove(tenant, serial);
  }
  return no_content();
}

HttpResponse show_audit(Call& call)
{
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& entry : call.state.audit().entries()) {
    if (reaches(call.caller, entry.tenant)) {
      entries.push_back(entry.to_json());
    }
  }
  return json_response(200, entries);
}

} // namespace emready::lab::services
