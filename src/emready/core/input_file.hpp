#pragma once

#include <cstddef>
#include <string>

namespace emready::core {

// The largest input file read (allow-lists, includes, profiles, scenarios, PAC files, trust
// files, reports to compare): 64 MiB unless --max-input-size says otherwise. A bound, so a
// mistaken /dev/zero or a runaway export ends in a clear error, not in all the memory.
inline constexpr std::size_t k_default_max_input_bytes = 64u << 20;

// The bound in force; set once from the command line.
std::size_t max_input_bytes();
void set_max_input_bytes(std::size_t bytes);

// The whole text of the regular file `path`, without a leading UTF-8 byte order mark.
// Throws core::InputError naming `what` and `path` when it is not a regular file (a
// directory, FIFO or device), is larger than max_input_bytes(), or cannot be read — with
// the OS reason ("cannot read allow-list '/x': No such file or directory").
std::string read_input_file(const std::string& path, const std::string& what);

} // namespace emready::core
