#pragma once

#include "emready/profile/profile.hpp"
#include "emready/report/style.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

namespace emready::report {

// `emready profiles`: one line per agent (name, title, endpoint count, origin).
void print_profile_list(const std::vector<const profile::Profile*>& profiles, std::ostream& out);

// `emready profiles show`: every endpoint of each profile, with ports, conditions and notes.
void print_profile_details(const std::vector<const profile::Profile*>& profiles,
                           const Style& style, std::ostream& out);

// A profile as JSON (the same fields as the YAML, plus origin).
nlohmann::json profile_json(const profile::Profile& profile, bool with_endpoints);

} // namespace emready::report
