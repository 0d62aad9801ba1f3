#include "emready/lab/services/tenant_tree.hpp"

#include "emready/lab/services/tenant_path.hpp"

#include <stdexcept>

namespace emready::lab::services {

namespace {

constexpr int k_format_version = 1;

nlohmann::json device_json(const Device& device)
{
  return {{"fields", device.fields}, {"telemetry", device.telemetry}};
}

} // namespace

TenantTree::TenantTree(const std::string& root_token_sha256)
{
  m_tenants[std::string(k_root_tenant)].token_sha256 = root_token_sha256;
  index(std::string(k_root_tenant), root_token_sha256);
}

TenantTree TenantTree::from_json(const nlohmann::json& json)
{
  if (json.at("version").get<int>() != k_format_version) {
    throw std::runtime_error("unknown format version");
  }
  TenantTree tree;
  // std::map order puts every parent before its children ("root" < "root/eu" < "root/eu/dk").
  for (const auto& [id, tenant] : json.at("tenants").items()) {
    if (!valid_tenant_id(id) || (id != k_root_tenant && !tree.find(parent_of(id)))) {
      throw std::runtime_error("tenant '" + id + "' has no parent or is not a valid id");
    }
    auto& entry = tree.m_tenants[id];
    entry.token_sha256 = tenant.at("token_sha256").get<std::string>();
    tree.index(id, entry.token_sha256);
    for (const auto& [serial, device] : tenant.at("devices").items()) {
      if (!valid_serial(serial)) {
        throw std::runtime_error("device '" + serial + "' of '" + id + "' is not a serial");
      }
      entry.devices[serial] = Device{device.at("fields"), device.at("telemetry")};
    }
  }
  if (!tree.find(std::string(k_root_tenant))) {
    throw std::runtime_error("there is no root tenant");
  }
  return tree;
}

nlohmann::json TenantTree::to_json() const
{
  nlohmann::json tenants = nlohmann::json::object();
  for (const auto& [id, tenant] : m_tenants) {
    nlohmann::json devices = nlohmann::json::object();
    for (const auto& [serial, device] : tenant.devices) {
      devices[serial] = device_json(device);
    }
    tenants[id] = {{"token_sha256", tenant.token_sha256}, {"devices", std::move(devices)}};
  }
  return {{"version", k_format_version}, {"tenants", std::move(tenants)}};
}

const Tenant* TenantTree::find(const std::string& id) const
{
  const auto found = m_tenants.find(id);
  return found == m_tenants.end() ? nullptr : &found->second;
}

Tenant* TenantTree::find(const std::string& id)
{
  const auto found = m_tenants.find(id);
  return found == m_tenants.end() ? nullptr : &found->second;
}

std::optional<std::string> TenantTree::owner_of(const std::string& token_sha256) const
{
  const auto found = m_by_token.find(token_sha256);
  return found == m_by_token.end() ? std::nullopt : std::optional(found->second);
}

void TenantTree::add(const std::string& id, const std::string& token_sha256)
{
  m_tenants[id].token_sha256 = token_sha256;
  index(id, token_sha256);
}

void TenantTree::set_root_token(const std::string& token_sha256)
{
  auto& root = m_tenants.at(std::string(k_root_tenant));
  m_by_token.erase(root.token_sha256);
  root.token_sha256 = token_sha256;
  index(std::string(k_root_tenant), token_sha256);
}

std::vector<std::pair<std::string, std::string>> TenantTree::remove_subtree(const std::string& id)
{
  std::vector<std::pair<std::string, std::string>> devices;
  for (auto it = m_tenants.begin(); it != m_tenants.end();) {
    if (!reaches(id, it->first)) {
      ++it;
      continue;
    }
    for (const auto& [serial, device] : it->second.devices) {
      devices.emplace_back(it->first, serial);
    }
    m_by_token.erase(it->second.token_sha256);
    it = m_tenants.erase(it);
  }
  return devices;
}

std::vector<std::string> TenantTree::children_of(const std::string& id) const
{
  std::vector<std::string> children;
  for (const auto& [other, tenant] : m_tenants) {
    if (parent_of(other) == id) {
      children.push_back(other);
    }
  }
  return children;
}

std::vector<std::pair<std::string, std::string>> TenantTree::all_devices() const
{
  std::vector<std::pair<std::string, std::string>> devices;
  for (const auto& [id, tenant] : m_tenants) {
    for (const auto& [serial, device] : tenant.devices) {
      devices.emplace_back(id, serial);
    }
  }
  return devices;
}

void TenantTree::index(const std::string& id, const std::string& token_sha256)
{
  m_by_token[token_sha256] = id;
}

} // namespace emready::lab::services
