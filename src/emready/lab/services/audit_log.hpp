#pragma once

#include "emready/lab/net/fd.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emready::lab::services {

// One audit entry: who (a tenant id) did what (create, change, delete) to which object,
// when. The seed's "input control": afterwards one can tell who entered, changed or removed.
struct AuditEntry
{
  std::string time;   // RFC 3339, UTC, e.g. "2026-11-24T16:35:36Z"
  std::string actor;  // the caller's tenant id
  std::string action; // "create" | "change" | "delete"
  std::string kind;   // "tenant" | "device" | "telemetry" | "backup"
  std::string tenant; // the tenant the object belongs to (the tenant itself for "tenant")
  std::string serial; // the device, "" for tenants

  // "tenant root/eu", "device root/eu/SN123", "backup root/eu/SN123".
  std::string object() const;

  // {"time", "actor", "action", "object", "tenant"} (one line of the log).
  nlohmann::json to_json() const;
};

// What parse_audit_log read.
struct AuditParse
{
  std::vector<AuditEntry> entries;
  std::size_t complete_bytes = 0; // up to and including the last line break
  bool torn = false;              // bytes after the last line break (an interrupted append)
  std::size_t skipped = 0;        // complete lines that are not an entry
};

// Reads JSON Lines. A last line without its line break is a torn append (kill -9 in the
// middle of a write): it is ignored, never an error. Other bad lines are skipped and counted.
AuditParse parse_audit_log(std::string_view text);

// The current time in RFC 3339 UTC with seconds.
std::string rfc3339_now();

// The append-only audit log file (JSON Lines): one write(2) per entry on an O_APPEND
// descriptor, then fsync. Not thread-safe: ServiceState's mutex serialises it.
class AuditLog
{
public:
  // Opens (creating) `path`, loads its entries, and cuts a torn last line off so the next
  // entry starts on a line of its own.
  explicit AuditLog(const std::filesystem::path& path);

  // Appends `entry` durably; throws core::InputError when it cannot.
  void append(const AuditEntry& entry);

  // Every entry, oldest first.
  const std::vector<AuditEntry>& entries() const { return m_entries; }

private:
  std::filesystem::path m_path;
  net::Fd m_fd;
  std::vector<AuditEntry> m_entries;
};

} // namespace emready::lab::services
