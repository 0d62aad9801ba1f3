#include "emready/cli/output.hpp"

#include "emready/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

namespace emready::cli {

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write)
{
  if (path.empty()) {
    write(std::cout);
    return;
  }
  errno = 0;
  std::ofstream file(path);
  if (!file) {
    throw core::InputError(fmt::format("cannot write --output '{}': {}", path,
                                       errno != 0 ? std::strerror(errno) : "cannot be opened"));
  }
  write(file);
  file.flush();
  if (!file) {
    throw core::InputError(fmt::format("cannot write --output '{}': {}", path,
                                       errno != 0 ? std::strerror(errno) : "write failed"));
  }
}

} // namespace emready::cli
