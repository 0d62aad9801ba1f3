#include "emready/lab/services/handlers.hpp"

#include "emready/lab/services/tenant_path.hpp"

#include <fmt/format.h>

namespace emready::lab::services {

std::optional<HttpResponse> refuse_access(const Call& call, bool need_device)
{
  const auto& tenant = call.route.tenant;
  if (!reaches(call.caller, tenant)) {
    // Said the same whether `tenant` exists or not: nothing leaks about other branches.
    return error_response(403, fmt::format("tenant '{}' may not reach '{}': only a tenant "
                                           "itself and its ancestors do",
                                           call.caller, tenant));
  }
  const auto* found = call.state.tree().find(tenant);
  if (found == nullptr) {
    return error_response(404, fmt::format("there is no tenant '{}'", tenant));
  }
  if (need_device && !found->devices.contains(call.route.serial)) {
    return error_response(404, fmt::format("there is no device '{}' in '{}'", call.route.serial,
                                           tenant));
  }
  return std::nullopt;
}

std::variant<nlohmann::json, HttpResponse> json_body(const Call& call)
{
  auto body = nlohmann::json::parse(call.request.body, nullptr, false);
  if (body.is_discarded()) {
    return error_response(400, "the body is not JSON");
  }
  if (!body.is_object()) {
    return error_response(400, "the body must be a JSON object");
  }
  return body;
}

void audit(Call& call, const std::string& action, const std::string& kind,
           const std::string& tenant, const std::string& serial)
{
  call.state.record(AuditEntry{rfc3339_now(), call.caller, action, kind, tenant, serial});
}

} // namespace emready::lab::services
