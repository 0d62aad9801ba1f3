#pragma once

#include "emready/lab/services/audit_log.hpp"
#include "emready/lab/services/backup_store.hpp"
#include "emready/lab/services/tenant_tree.hpp"

#include <filesystem>
#include <mutex>
#include <string>

namespace emready::lab::services {

// The services' state under STATE/services/: root-token (the root tenant's bearer token),
// tenants.json (the tree, devices and last telemetry, replaced atomically on every change),
// audit.jsonl (append-only) and backups/ (one file per device). It survives restarts; a
// kill -9 at any moment leaves every file whole. The caller holds mutex() around any use.
class ServiceState
{
public:
  // Loads the state in `dir`, creating it at first start with a random root token;
  // `pinned_root_token` (when not empty) replaces the stored token. Throws core::InputError
  // when the state is unreadable.
  ServiceState(const std::filesystem::path& dir, const std::string& pinned_root_token);

  // The root tenant's bearer token (for the ready line).
  const std::string& root_token() const { return m_root_token; }

  // Serialises every request's use of the state (connections run on threads of their own).
  std::mutex& mutex() { return m_mutex; }

  // The tenants; call save_tree() after a change.
  TenantTree& tree() { return m_tree; }

  // Replaces tenants.json with the current tree, atomically.
  void save_tree();

  // Appends one entry to the audit log, durably.
  void record(const AuditEntry& entry) { m_audit.append(entry); }

  // The audit log, the backups.
  const AuditLog& audit() const { return m_audit; }
  BackupStore& backups() { return m_backups; }

private:
  std::filesystem::path m_dir;
  std::string m_root_token;
  TenantTree m_tree;
  AuditLog m_audit;
  BackupStore m_backups;
  std::mutex m_mutex;
};

} // namespace emready::lab::services
