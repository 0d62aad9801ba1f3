#include "emready/core/input_file.hpp"

#include "emready/core/error.hpp"
#include "emready/core/open_files.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace emready::core {

namespace {

std::atomic<std::size_t> g_max_input_bytes{k_default_max_input_bytes};

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::string& why)
{
  throw InputError(fmt::format("cannot read {} '{}': {}", what, path, why));
}

std::string size_text(std::size_t bytes)
{
  return bytes % (1u << 20) == 0 ? fmt::format("{} MiB", bytes >> 20) : fmt::format("{} bytes", bytes);
}

} // namespace

std::size_t max_input_bytes()
{
  return g_max_input_bytes.load();
}

void set_max_input_bytes(std::size_t bytes)
{
  g_max_input_bytes.store(bytes);
}

std::string read_input_file(const std::string& path, const std::string& what)
{
  if (path.empty()) {
    fail(what, path, "no file name given");
  }
  // O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (is_local_exhaustion(errno)) { // this process ran short, the file is not at fault
      throw_local_exhaustion(fmt::format("opening {} '{}'", what, path), errno);
    }
    fail(what, path, std::strerror(errno));
  }
  struct Closer
  {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info{};
  if (::fstat(fd, &info) != 0) {
    fail(what, path, std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) {
    fail(what, path, "it is a directory");
  }
  if (!S_ISREG(info.st_mode)) {
    fail(what, path, "not a regular file (a device, FIFO or socket)");
  }
  const auto limit = max_input_bytes();
  if (static_cast<std::size_t>(info.st_size) > limit) {
    fail(what, path, fmt::format("larger than {} ({} bytes; --max-input-size raises the limit)",
                                 size_text(limit), info.st_size));
  }
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t have = 0;
  // Read to the end even if the file grew since fstat, but never past the limit.
  while (true) {
    if (have == text.size()) {
      if (text.size() >= limit) {
        char probe = 0;
        const auto more = ::read(fd, &probe, 1);
        if (more > 0) {
          fail(what, path, fmt::format("larger than {} (--max-input-size raises the limit)", size_text(limit)));
        }
        break;
      }
      text.resize(std::min(limit, std::max<std::size_t>(4096, text.size() * 2)));
    }
    const auto got = ::read(fd, text.data() + have, text.size() - have);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail(what, path, std::strerror(errno));
    }
    if (got == 0) {
      break;
    }
    have += static_cast<std::size_t>(got);
  }
  text.resize(have);
  // Windows tools often start UTF-8 files with a byte order mark; it is not part of a rule.
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.erase(0, 3);
  }
  return text;
}

} // namespace emready::core
