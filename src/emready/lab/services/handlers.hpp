#pragma once

#include "emready/lab/services/api_route.hpp"
#include "emready/lab/services/http_request.hpp"
#include "emready/lab/services/http_response.hpp"
#include "emready/lab/services/service_state.hpp"

#include <optional>
#include <string>

namespace emready::lab::services {

// One authenticated API call, handled with the state's mutex held.
struct Call
{
  ServiceState& state;
  const Route& route;
  const HttpRequest& request;
  const std::string& caller; // the tenant the bearer token belongs to
};

// 403 when the caller may not reach the route's tenant, 404 when that tenant (or, with
// `need_device`, the route's device) does not exist; nullopt when the call may go on.
std::optional<HttpResponse> refuse_access(const Call& call, bool need_device);

// The request body as a JSON object, or the 400 response saying why it is not one.
std::variant<nlohmann::json, HttpResponse> json_body(const Call& call);

// Appends "`action` `kind` …" by the caller on the route's tenant (and `serial`, if any).
void audit(Call& call, const std::string& action, const std::string& kind,
           const std::string& tenant, const std::string& serial);

// POST /v1/tenants/{id}/children {"name": N} → 201 {"id", "token"}.
HttpResponse create_child(Call& call);
// GET /v1/tenants/{id} → {"id", "parent", "children", "devices"}.
HttpResponse show_tenant(Call& call);
// DELETE /v1/tenants/{id} → 204; strict ancestors only; the subtree goes with it.
HttpResponse delete_tenant(Call& call);
// GET /v1/audit → the entries about the caller's subtree.
HttpResponse show_audit(Call& call);

// PUT /v1/tenants/{id}/devices/{serial} → 201 created or 200 changed.
HttpResponse put_device(Call& call);
// GET /v1/tenants/{id}/devices/{serial} → fields, last telemetry, backup digest.
HttpResponse show_device(Call& call);
// DELETE /v1/tenants/{id}/devices/{serial} → 204 (with its backup).
HttpResponse delete_device(Call& call);
// POST /v1/tenants/{id}/devices/{serial}/telemetry {"status", "alarms"} → 202.
HttpResponse post_telemetry(Call& call);

// PUT …/backup (opaque bytes) → 201 or 200 {"sha256", "size"}.
HttpResponse put_backup(Call& call);
// GET …/backup → the bytes, with X-Backup-Sha256.
HttpResponse show_backup(Call& call);
// DELETE …/backup → 204.
HttpResponse delete_backup(Call& call);

} // namespace emready::lab::services
