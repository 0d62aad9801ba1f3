#include "emready/cli/output.hpp"

#include "emready/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

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

void summarise_on_terminal(const std::vector<std::string>& lines, const std::string& path)
{
  if (path.empty() || isatty(STDERR_FILENO) == 0) {
    return;
  }
  for (const auto& line : lines) {
    std::cerr << "emready: " << line << '\n';
  }
  std::cerr << "emready: report written to " << path << '\n';
}

} // namespace emready::cli
