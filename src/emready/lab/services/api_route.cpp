#include "emready/lab/services/api_route.hpp"

#include "emready/lab/services/tenant_path.hpp"

#include <fmt/format.h>
#include <vector>

namespace emready::lab::services {

namespace {

constexpr std::string_view k_tenants_prefix = "/v1/tenants/";

std::vector<std::string_view> split(std::string_view path)
{
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return parts;
}

http::HttpError not_found() { return {404, "no such API path (see docs/lab.md)"}; }

// The part after the tenant id: nothing, "children", "devices/S", "devices/S/telemetry" …
std::variant<Route, http::HttpError> parse_tail(Route route,
                                                const std::vector<std::string_view>& tail)
{
  if (tail.empty()) {
    return route;
  }
  if (tail.size() == 1 && tail[0] == "children") {
    route.resource = Resource::children;
    return route;
  }
  if (tail[0] != "devices" || tail.size() < 2 || tail.size() > 3) {
    return not_found();
  }
  if (!valid_serial(tail[1])) {
    return http::HttpError{400, "a serial is 1 to 64 of A-Z a-z 0-9 _ -"};
  }
  route.serial = std::string(tail[1]);
  route.resource = Resource::device;
  if (tail.size() == 3) {
    if (tail[2] != "telemetry" && tail[2] != "backup") {
      return not_found();
    }
    route.resource = tail[2] == "telemetry" ? Resource::telemetry : Resource::backup;
  }
  return route;
}

} // namespace

bool is_api_path(std::string_view path)
{
  return path == "/v1" || path.starts_with("/v1/");
}

std::variant<Route, http::HttpError> parse_route(std::string_view path)
{
  if (path == "/v1/audit") {
    return Route{Resource::audit, "", ""};
  }
  if (!path.starts_with(k_tenants_prefix)) {
    return not_found();
  }
  const auto parts = split(path.substr(k_tenants_prefix.size()));
  std::size_t i = 0;
  while (i < parts.size() && parts[i] != "children" && parts[i] != "devices") {
    ++i;
  }
  Route route;
  for (std::size_t k = 0; k < i; ++k) {
    route.tenant += (k == 0 ? "" : "/") + std::string(parts[k]);
  }
  if (!valid_tenant_id(route.tenant)) {
    return http::HttpError{400, "a tenant id is 'root' or 'root/NAME/…' with names of a-z 0-9 -"};
  }
  return parse_tail(std::move(route), {parts.begin() + static_cast<long>(i), parts.end()});
}

std::string_view allowed_methods(Resource resource)
{
  switch (resource) {
  case Resource::tenant:
    return "GET, DELETE";
  case Resource::device:
  case Resource::backup:
    return "GET, PUT, DELETE";
  case Resource::children:
  case Resource::telemetry:
    return "POST";
  case Resource::audit:
    return "GET";
  }
  return "";
}

} // namespace emready::lab::services
