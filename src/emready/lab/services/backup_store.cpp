#include "emready/lab/services/backup_store.hpp"

#include "emready/core/error.hpp"
#include "emready/lab/state/atomic_file.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace emready::lab::services {

std::string backup_file_name(const std::string& tenant, const std::string& serial)
{
  auto name = tenant;
  std::replace(name.begin(), name.end(), '/', '.');
  return name + "+" + serial + ".bin";
}

BackupStore::BackupStore(const std::filesystem::path& dir) : m_dir(dir)
{
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw core::InputError(fmt::format("cannot create {}: {}", dir.string(), error.message()));
  }
  state::sync_directory(dir.parent_path());
}

bool BackupStore::exists(const std::string& tenant, const std::string& serial) const
{
  return std::filesystem::exists(file_of(tenant, serial));
}

void BackupStore::put(const std::string& tenant, const std::string& serial, std::string_view data)
{
  state::write_atomically(file_of(tenant, serial), data, 0600);
}

std::optional<std::string> BackupStore::get(const std::string& tenant,
                                            const std::string& serial) const
{
  return state::read_whole_file(file_of(tenant, serial));
}

bool BackupStore::remove(const std::string& tenant, const std::string& serial)
{
  std::error_code error;
  const bool removed = std::filesystem::remove(file_of(tenant, serial), error);
  if (error) {
    throw core::InputError(fmt::format("cannot delete a backup: {}", error.message()));
  }
  if (removed) {
    state::sync_directory(m_dir);
  }
  return removed;
}

void BackupStore::prune(const std::set<std::pair<std::string, std::string>>& devices)
{
  std::set<std::string> wanted;
  for (const auto& [tenant, serial] : devices) {
    wanted.insert(backup_file_name(tenant, serial));
  }
  for (const auto& entry : std::filesystem::directory_iterator(m_dir)) {
    const auto name = entry.path().filename().string();
    if (!wanted.contains(name) || state::is_atomic_temp_name(name)) {
      std::filesystem::remove(entry.path());
    }
  }
  state::sync_directory(m_dir);
}

std::filesystem::path BackupStore::file_of(const std::string& tenant,
                                           const std::string& serial) const
{
  return m_dir / backup_file_name(tenant, serial);
}

} // namespace emready::lab::services
