#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace emready::lab::services {

// A registered device: its validated fields and its last telemetry (null before any).
struct Device
{
  nlohmann::json fields = nlohmann::json::object();
  nlohmann::json telemetry; // {"status", "alarms", "time"} or null
};

// One tenant: the SHA-256 of its bearer token (the token itself is never stored) and its
// devices by serial.
struct Tenant
{
  std::string token_sha256;
  std::map<std::string, Device> devices;
};

// Every tenant by id, with an index from token hash to tenant. Pure data: persistence is
// ServiceState's.
class TenantTree
{
public:
  // A tree of just the root, whose token hashes to `root_token_sha256`.
  explicit TenantTree(const std::string& root_token_sha256);

  // Reads what to_json wrote; throws nlohmann::json::exception or std::runtime_error when
  // it is malformed (a parentless tenant, an invalid id).
  static TenantTree from_json(const nlohmann::json& json);

  // {"version": 1, "tenants": {id: {"token_sha256", "devices": {serial: {...}}}}}
  nlohmann::json to_json() const;

  // The tenant `id`, nullptr when there is none.
  const Tenant* find(const std::string& id) const;
  Tenant* find(const std::string& id);

  // The id of the tenant whose token hashes to `token_sha256`.
  std::optional<std::string> owner_of(const std::string& token_sha256) const;

  // Adds tenant `id` (its parent must exist, `id` must not).
  void add(const std::string& id, const std::string& token_sha256);

  // Replaces the root's token hash (a pinned or regenerated root token).
  void set_root_token(const std::string& token_sha256);

  // Removes `id` and every tenant below it; returns the (tenant, serial) of their devices.
  std::vector<std::pair<std::string, std::string>> remove_subtree(const std::string& id);

  // The ids of the direct children of `id`, sorted.
  std::vector<std::string> children_of(const std::string& id) const;

  // Every (tenant, serial) registered.
  std::vector<std::pair<std::string, std::string>> all_devices() const;

private:
  TenantTree() = default;
  void index(const std::string& id, const std::string& token_sha256);

  std::map<std::string, Tenant> m_tenants;
  std::map<std::string, std::string> m_by_token; // token hash -> id
};

} // namespace emready::lab::services
