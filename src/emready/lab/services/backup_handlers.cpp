// The Data Backup Service routes: the backend keeps each device's encrypted settings backup
// as opaque bytes; the agent encrypts (AES-256-GCM) and the key never reaches the backend.
#include "emready/lab/services/digest.hpp"
#include "emready/lab/services/handlers.hpp"

#include <fmt/format.h>

namespace emready::lab::services {

namespace {

constexpr std::string_view k_octet_stream = "application/octet-stream";

bool octet_stream(const HttpRequest& request)
{
  const auto type = request.head.header("content-type");
  return !type || type->substr(0, type->find(';')) == k_octet_stream;
}

HttpResponse no_backup(const Call& call)
{
  return error_response(404, fmt::format("device '{}' of '{}' has no backup", call.route.serial,
                                         call.route.tenant));
}

} // namespace

HttpResponse put_backup(Call& call)
{
  if (auto refusal = refuse_access(call, true)) {
    return *refusal;
  }
  if (!octet_stream(call.request)) {
    return error_response(415, "a backup is sent as application/octet-stream");
  }
  const auto& tenant = call.route.tenant;
  const auto& serial = call.route.serial;
  const bool existed = call.state.backups().exists(tenant, serial);
  audit(call, existed ? "change" : "create", "backup", tenant, serial);
  call.state.backups().put(tenant, serial, call.request.body);
  return json_response(existed ? 200 : 201, {{"sha256", sha256_hex(call.request.body)},
                                             {"size", call.request.body.size()}});
}

HttpResponse show_backup(Call& call)
{
  if (auto refusal = refuse_access(call, true)) {
    return *refusal;
  }
  auto backup = call.state.backups().get(call.route.tenant, call.route.serial);
  if (!backup) {
    return no_backup(call);
  }
  HttpResponse response;
  response.content_type = std::string(k_octet_stream);
  response.headers.emplace_back("X-Backup-Sha256", sha256_hex(*backup));
  response.body = std::move(*backup);
  return response;
}

HttpResponse delete_backup(Call& call)
{
  if (auto refusal = refuse_access(call, true)) {
    return *refusal;
  }
  if (!call.state.backups().exists(call.route.tenant, call.route.serial)) {
    return no_backup(call);
  }
  audit(call, "delete", "backup", call.route.tenant, call.route.serial);
  call.state.backups().remove(call.route.tenant, call.route.serial);
  return no_content();
}

} // namespace emready::lab::services
