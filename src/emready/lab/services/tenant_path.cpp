#include "emready/lab/services/tenant_path.hpp"

#include <algorithm>

namespace emready::lab::services {

namespace {

// Path words of the API; a tenant of that name would make routes ambiguous.
bool reserved(std::string_view name)
{
  return name == "children" || name == "devices" || name == k_root_tenant;
}

} // namespace

bool valid_tenant_name(std::string_view name)
{
  return !name.empty() && name.size() <= 32 && !reserved(name) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

bool valid_tenant_id(std::string_view id)
{
  if (!id.starts_with(k_root_tenant)) {
    return false;
  }
  id.remove_prefix(k_root_tenant.size());
  std::size_t depth = 0;
  while (!id.empty()) {
    if (id.front() != '/' || ++depth > k_max_tenant_depth) {
      return false;
    }
    id.remove_prefix(1);
    const auto name = id.substr(0, id.find('/'));
    if (!valid_tenant_name(name)) {
      return false;
    }
    id.remove_prefix(name.size());
  }
  return true;
}

std::string parent_of(std::string_view id)
{
  const auto slash = id.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(id.substr(0, slash));
}

std::size_t depth_of(std::string_view id)
{
  return static_cast<std::size_t>(std::count(id.begin(), id.end(), '/'));
}

bool reaches(std::string_view caller, std::string_view tenant)
{
  return tenant == caller ||
         (tenant.size() > caller.size() && tenant.starts_with(caller) &&
          tenant[caller.size()] == '/');
}

bool may_delete_tenant(std::string_view caller, std::string_view tenant)
{
  return caller != tenant && reaches(caller, tenant);
}

bool valid_serial(std::string_view serial)
{
  return !serial.empty() && serial.size() <= 64 &&
         std::all_of(serial.begin(), serial.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

} // namespace emready::lab::services
