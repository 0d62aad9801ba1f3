#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace emready::lab::services {

// The Data Backup Service's blobs, one file per device, stored opaquely: they are
// ciphertext made by the agent, and the backend never holds a key. Each put replaces the
// file atomically, so a crash leaves the previous backup or the new one.
class BackupStore
{
public:
  // Keeps the backups in `dir` (created if missing).
  explicit BackupStore(const std::filesystem::path& dir);

  // True when device `serial` of `tenant` has a backup.
  bool exists(const std::string& tenant, const std::string& serial) const;

  // Stores `data` as the backup of device `serial` of `tenant`, replacing any earlier one.
  void put(const std::string& tenant, const std::string& serial, std::string_view data);

  // The backup of the device, nullopt when there is none.
  std::optional<std::string> get(const std::string& tenant, const std::string& serial) const;

  // Deletes the backup of the device; true when there was one.
  bool remove(const std::string& tenant, const std::string& serial);

  // Deletes files that belong to no device in `devices` and leftover temporary files (what
  // a crash between two steps of a delete can leave).
  void prune(const std::set<std::pair<std::string, std::string>>& devices);

private:
  std::filesystem::path file_of(const std::string& tenant, const std::string& serial) const;

  std::filesystem::path m_dir;
};

// The file name of a device's backup: the tenant id with '.' for '/', '+', the serial,
// ".bin" ("root.eu.dk+SN123.bin"); unambiguous as neither names nor serials hold '.' or '+'.
std::string backup_file_name(const std::string& tenant, const std::string& serial);

} // namespace emready::lab::services
