#pragma once

#include "emready/profile/profile.hpp"

#include <string>
#include <string_view>

namespace emready::profile {

// Parses and validates one profile. `file_name` is used in error locations and as the
// profile's origin. Throws core::InputError with file:line:col on any problem.
Profile load_profile(std::string_view text, const std::string& file_name);

} // namespace emready::profile
