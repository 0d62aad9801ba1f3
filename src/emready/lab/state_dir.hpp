#pragma once

#include "emready/lab/pki.hpp"

#include <filesystem>
#include <string>

namespace emready::lab {

// `dir` when given (created if missing), else a fresh mkdtemp directory.
std::filesystem::path prepare_state_dir(const std::string& dir);

// The CA kept in `dir` as NAME.pem and NAME.key, created from `spec` when either is missing;
// reusing it keeps the trust anchor across restarts.
KeyPair load_or_create_ca(const std::filesystem::path& dir, const std::string& name,
                          const CertSpec& spec);

} // namespace emready::lab
