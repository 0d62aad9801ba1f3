#include "emready/profile/catalog.hpp"

#include "emready/core/error.hpp"
#include "emready/core/input_file.hpp"
#include "emready/core/suggest.hpp"
#include "emready/profile/builtin.hpp"
#include "emready/profile/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

namespace emready::profile {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& values)
{
  std::vector<std::string> out;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      if (comma > start) {
        out.push_back(value.substr(start, comma - start));
      }
      start = comma + 1;
    }
  }
  return out;
}

} // namespace

Catalog Catalog::builtin()
{
  Catalog catalog;
  for (const auto& file : builtin_profile_files()) {
    auto profile = load_profile(file.text, fmt::format("<built-in>/profiles/{}", file.name));
    profile.origin = "built-in";
    profile.file = fmt::format("<built-in>/profiles/{}", file.name);
    profile.source_text = std::string(file.text);
    catalog.add(std::move(profile));
  }
  return catalog;
}

void Catalog::add_directory(const std::filesystem::path& dir, const NoteSink& note)
{
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw core::InputError(fmt::format("'{}' is not a directory", dir.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(entry.path());
    }
  }
  if (files.empty()) {
    throw core::InputError(fmt::format("no *.yaml files in '{}'", dir.string()));
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen; // agent → file, to reject two files for one agent
  for (const auto& path : files) {
    const auto text = core::read_input_file(path.string(), "profile");
    auto profile = load_profile(text, path.string());
    profile.file = path.string();
    profile.source_text = text;
    const auto [it, inserted] = seen.emplace(profile.agent, path.string());
    if (!inserted) {
      throw core::InputError(fmt::format("agent '{}' is defined in both '{}' and '{}'",
                                         profile.agent, it->second, path.string()));
    }
    const auto agent = profile.agent;
    if (add(std::move(profile))) {
      note(fmt::format("profile '{}' from {} replaces the built-in one", agent, path.string()));
    }
  }
}

bool Catalog::add(Profile profile)
{
  const auto it = std::find_if(m_profiles.begin(), m_profiles.end(),
                               [&](const Profile& p) { return p.agent == profile.agent; });
  if (it != m_profiles.end()) {
    *it = std::move(profile);
    return true;
  }
  const auto pos = std::find_if(m_profiles.begin(), m_profiles.end(),
                                [&](const Profile& p) { return p.agent > profile.agent; });
  m_profiles.insert(pos, std::move(profile));
  return false;
}

const Profile* Catalog::find(std::string_view agent) const
{
  const auto it = std::find_if(m_profiles.begin(), m_profiles.end(),
                               [&](const Profile& p) { return p.agent == agent; });
  return it == m_profiles.end() ? nullptr : &*it;
}

std::vector<std::string> Catalog::agent_names() const
{
  std::vector<std::string> names;
  for (const auto& profile : m_profiles) {
    names.push_back(profile.agent);
  }
  return names;
}

std::vector<const Profile*> Catalog::select(const std::vector<std::string>& names) const
{
  auto wanted = split_commas(names);
  std::vector<const Profile*> selected;
  if (wanted.empty() || std::find(wanted.begin(), wanted.end(), "all") != wanted.end()) {
    for (const auto& profile : m_profiles) {
      selected.push_back(&profile);
    }
    return selected;
  }
  for (const auto& name : wanted) {
    const auto* profile = find(name);
    if (profile == nullptr) {
      auto candidates = agent_names();
      candidates.push_back("all");
      throw core::InputError(fmt::format("unknown agent '{}'{}; known agents: {}", name,
                                         core::did_you_mean(name, candidates),
                                         fmt::join(agent_names(), ", ")));
    }
    if (std::find(selected.begin(), selected.end(), profile) == selected.end()) {
      selected.push_back(profile);
    }
  }
  return selected;
}

} // namespace emready::profile
