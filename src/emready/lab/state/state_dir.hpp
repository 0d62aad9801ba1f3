#pragma once

#include <filesystem>
#include <string>

namespace emready::lab::state {

// `dir` when given (created if missing), else a fresh mkdtemp directory.
std::filesystem::path prepare_state_dir(const std::string& dir);

} // namespace emready::lab::state
