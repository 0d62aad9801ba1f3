#include "emready/lab/state/state_dir.hpp"

#include "emready/core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

namespace emready::lab::state {

std::filesystem::path prepare_state_dir(const std::string& dir)
{
  if (!dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
      throw core::InputError(fmt::format("cannot create the state directory {}: {}", dir,
                                         error.message()));
    }
    return std::filesystem::absolute(dir);
  }
  auto pattern = (std::filesystem::temp_directory_path() / "emready-lab-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw core::InputError(fmt::format("cannot create a temporary directory: {}",
                                       strerror(errno)));
  }
  return pattern;
}

} // namespace emready::lab::state
