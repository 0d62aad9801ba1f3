#pragma once

#include "emready/lab/http/http_head.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace emready::lab::services {

// What a path of the API names.
enum class Resource
{
  tenant,    // /v1/tenants/{id}
  children,  // /v1/tenants/{id}/children
  device,    // /v1/tenants/{id}/devices/{serial}
  telemetry, // /v1/tenants/{id}/devices/{serial}/telemetry
  backup,    // /v1/tenants/{id}/devices/{serial}/backup
  audit,     // /v1/audit
};

// A parsed API path. Tenant ids hold slashes; "children" and "devices" cannot be tenant
// names, which keeps the split unambiguous.
struct Route
{
  Resource resource = Resource::tenant;
  std::string tenant; // "" for audit
  std::string serial; // devices and below
};

// True for paths the API serves ("/v1" and below); others get the plain lab answer.
bool is_api_path(std::string_view path);

// The route of `path` (no query); 404 for unknown paths, 400 for a malformed id or serial.
std::variant<Route, http::HttpError> parse_route(std::string_view path);

// The methods `resource` accepts, for 405 and its Allow header ("GET, DELETE").
std::string_view allowed_methods(Resource resource);

} // namespace emready::lab::services
