#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace emready::cli {

// Runs `write` on stdout, or on the file `path` (-o/--output) when one is given: created or
// truncated; a file that cannot be written is a core::InputError with the OS reason.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace emready::cli
