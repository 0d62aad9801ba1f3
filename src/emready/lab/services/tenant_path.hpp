#pragma once

#include <string>
#include <string_view>

namespace emready::lab::services {

// Tenant ids are paths of names from the root down: "root", "root/eu", "root/eu/dk".
inline constexpr std::string_view k_root_tenant = "root";

// At most this many levels below the root.
inline constexpr std::size_t k_max_tenant_depth = 8;

// True for a child name: 1 to 32 of [a-z0-9-], and not a word the API's paths reserve.
bool valid_tenant_name(std::string_view name);

// True for "root" followed by any number of "/NAME" with valid names.
bool valid_tenant_id(std::string_view id);

// The parent's id; "" for the root.
std::string parent_of(std::string_view id);

// The number of levels below the root ("root" is 0, "root/eu" is 1).
std::size_t depth_of(std::string_view id);

// The seed's multi-level separation: `caller` reaches the objects (devices, telemetry,
// backups, audit entries, children) of `tenant` iff it is that tenant or one of its
// ancestors. Children reach neither their parent nor their siblings.
bool reaches(std::string_view caller, std::string_view tenant);

// Deleting a tenant takes a strict ancestor: nobody deletes itself (nor, so, the root).
bool may_delete_tenant(std::string_view caller, std::string_view tenant);

// True for a device serial: 1 to 64 of [A-Za-z0-9_-] (it names a file).
bool valid_serial(std::string_view serial);

} // namespace emready::lab::services
