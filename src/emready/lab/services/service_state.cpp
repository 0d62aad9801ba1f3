#include "emready/lab/services/service_state.hpp"

#include "emready/core/error.hpp"
#include "emready/lab/services/digest.hpp"
#include "emready/lab/state/atomic_file.hpp"

#include <fmt/format.h>
#include <set>

namespace emready::lab::services {

namespace {

std::filesystem::path prepared(const std::filesystem::path& dir)
{
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw core::InputError(fmt::format("cannot create {}: {}", dir.string(), error.message()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (state::is_atomic_temp_name(entry.path().filename().string())) {
      std::filesystem::remove(entry.path()); // a write that a crash interrupted
    }
  }
  return dir;
}

std::string load_root_token(const std::filesystem::path& dir, const std::string& pinned)
{
  const auto path = dir / "root-token";
  auto stored = state::read_whole_file(path);
  if (stored && !stored->empty() && stored->back() == '\n') {
    stored->pop_back();
  }
  const auto token = !pinned.empty() ? pinned : stored && !stored->empty() ? *stored
                                                                            : random_token();
  if (!stored || *stored != token) {
    state::write_atomically(path, token + "\n", 0600);
  }
  return token;
}

TenantTree load_tree(const std::filesystem::path& path, const std::string& root_token)
{
  const auto text = state::read_whole_file(path);
  if (!text) {
    return TenantTree(sha256_hex(root_token));
  }
  try {
    auto tree = TenantTree::from_json(nlohmann::json::parse(*text));
    tree.set_root_token(sha256_hex(root_token));
    return tree;
  } catch (const std::exception& e) {
    throw core::InputError(fmt::format("the services state {} is unreadable ({}); move it "
                                       "away to start afresh",
                                       path.string(), e.what()));
  }
}

} // namespace

ServiceState::ServiceState(const std::filesystem::path& dir, const std::string& pinned_root_token)
  : m_dir(prepared(dir)),
    m_root_token(load_root_token(m_dir, pinned_root_token)),
    m_tree(load_tree(m_dir / "tenants.json", m_root_token)),
    m_audit(m_dir / "audit.jsonl"),
    m_backups(m_dir / "backups")
{
  save_tree();
  const auto devices = m_tree.all_devices();
  m_backups.prune({devices.begin(), devices.end()});
}

void ServiceState::save_tree()
{
  state::write_atomically(m_dir / "tenants.json", m_tree.to_json().dump(1) + "\n", 0600);
}

} // namespace emready::lab::services
