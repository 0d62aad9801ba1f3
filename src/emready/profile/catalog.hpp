#pragma once

#include "emready/profile/profile.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace emready::profile {

// All known agent profiles: the built-in ones, possibly extended or overridden from a folder.
class Catalog
{
public:
  // Receives a note for stderr, e.g. that a profile replaced a built-in one.
  using NoteSink = std::function<void(const std::string&)>;

  // The profiles compiled into the binary.
  static Catalog builtin();

  // Adds every *.yaml / *.yml file in `dir`; a profile naming a known agent replaces it
  // (reported through `note`). Throws core::InputError on any invalid file.
  void add_directory(const std::filesystem::path& dir, const NoteSink& note);

  // Adds one parsed profile, replacing an existing one of the same agent.
  // Returns true if it replaced one.
  bool add(Profile profile);

  // Every profile, ordered by agent name.
  const std::vector<Profile>& profiles() const { return m_profiles; }

  // The profile of `agent`, or nullptr.
  const Profile* find(std::string_view agent) const;

  // Every agent name, in order.
  std::vector<std::string> agent_names() const;

  // Resolves names given to --agent: each may be comma-separated and "all" means every
  // agent. Unknown names throw core::InputError with "did you mean". No names → all.
  std::vector<const Profile*> select(const std::vector<std::string>& names) const;

private:
  std::vector<Profile> m_profiles;
};

} // namespace emready::profile
