#pragma once

#include "emready/lab/scenario/scenario.hpp"
#include "emready/profile/catalog.hpp"

#include <string>
#include <string_view>

namespace emready::lab::scenario {

// Parses and validates scenario `text` (named `file` in errors; the proxy allow-list is read
// relative to its folder). Every problem is a core::InputError located at file:line:col.
Scenario read_scenario(std::string_view text, const std::string& file,
                       const profile::Catalog& catalog);

// Reads the scenario file at `path`; a missing file is a core::InputError.
Scenario load_scenario(const std::string& path, const profile::Catalog& catalog);

} // namespace emready::lab::scenario
