#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace emready::core {

// Why `name` is not a valid RFC 1123 host name, or "" when it is one. It needs at least
// `min_labels` labels (2: fully qualified; 1 also admits a TLD in a rule); a single trailing
// dot is accepted.
std::string host_name_problem(std::string_view name, std::size_t min_labels = 2);

// ASCII lower-case copy (host names compare case-insensitively, RFC 4343).
std::string to_lower(std::string_view text);

// "a.b.c" → {"a", "b", "c"}; an empty string gives no labels.
std::vector<std::string_view> split_labels(std::string_view name);

// True when `host` equals `domain` or lies at any depth below it (label-aligned).
bool is_within(std::string_view host, std::string_view domain);

} // namespace emready::core
