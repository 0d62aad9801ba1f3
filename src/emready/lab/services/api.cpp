#include "emready/lab/services/api.hpp"

#include "emready/core/host_name.hpp"
#include "emready/lab/services/digest.hpp"
#include "emready/lab/services/handlers.hpp"

#include <fmt/format.h>
#include <map>

namespace emready::lab::services {

namespace {

using Handler = HttpResponse (*)(Call&);

const std::map<std::pair<Resource, std::string_view>, Handler> k_handlers{
  {{Resource::tenant, "GET"}, show_tenant},       {{Resource::tenant, "DELETE"}, delete_tenant},
  {{Resource::children, "POST"}, create_child},   {{Resource::audit, "GET"}, show_audit},
  {{Resource::device, "PUT"}, put_device},        {{Resource::device, "GET"}, show_device},
  {{Resource::device, "DELETE"}, delete_device},  {{Resource::telemetry, "POST"}, post_telemetry},
  {{Resource::backup, "PUT"}, put_backup},        {{Resource::backup, "GET"}, show_backup},
  {{Resource::backup, "DELETE"}, delete_backup}};

} // namespace

std::string bearer_token(const http::HttpHead& head)
{
  const auto value = head.header("authorization").value_or("");
  if (value.size() <= 7 || core::to_lower(value.substr(0, 7)) != "bearer ") {
    return {};
  }
  auto token = value.substr(7);
  while (!token.empty() && token.front() == ' ') {
    token.remove_prefix(1);
  }
  return std::string(token);
}

HttpResponse Api::handle(const HttpRequest& request)
{
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    return error_response(500, fmt::format("the lab could not do it: {}", e.what()));
  }
}

HttpResponse Api::dispatch(const HttpRequest& request)
{
  const auto token = bearer_token(request.head);
  if (token.empty()) {
    return error_response(401, "send 'Authorization: Bearer TOKEN'");
  }
  const std::lock_guard lock(m_state.mutex());
  const auto caller = m_state.tree().owner_of(sha256_hex(token));
  if (!caller) {
    return error_response(401, "the bearer token belongs to no tenant");
  }
  const auto route = parse_route(request.path);
  if (const auto* error = std::get_if<http::HttpError>(&route)) {
    return error_response(error->status, error->message);
  }
  const auto& resolved = std::get<Route>(route);
  const auto handler = k_handlers.find({resolved.resource, request.head.method});
  if (handler == k_handlers.end()) {
    auto response = error_response(405, fmt::format("{} is not allowed here",
                                                    request.head.method));
    response.headers.emplace_back("Allow", std::string(allowed_methods(resolved.resource)));
    return response;
  }
  Call call{m_state, resolved, request, *caller};
  return handler->second(call);
}

} // namespace emready::lab::services
