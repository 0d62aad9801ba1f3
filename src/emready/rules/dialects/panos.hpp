#pragma once

#include "emready/rules/dialect.hpp"

#include <string_view>

// What the two PAN-OS dialects share.
namespace emready::rules::dialects::panos {

// Tokens of a PAN-OS host pattern: '*' per `star` (min..max labels), '^' exactly one label,
// anything else a literal label. Errors name `dialect`.
Pattern compile_labels(std::string_view host, const core::SourceLocation& where,
                       std::string_view dialect, unsigned star_min, unsigned star_max);

// The values of a `set ... list [ a b c ]` or `set ... list a` command, as views into `line`.
std::vector<std::string_view> set_list_values(std::string_view line);

} // namespace emready::rules::dialects::panos
