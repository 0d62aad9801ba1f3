#include "emready/lab/state/atomic_file.hpp"

#include "emready/core/error.hpp"
#include "emready/lab/net/fd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace emready::lab::state {

namespace {

constexpr std::string_view k_temp_marker = ".tmp-";

[[noreturn]] void fail(const std::string& what, const std::string& path)
{
  throw core::InputError(fmt::format("cannot {} {}: {}", what, path, strerror(errno)));
}

} // namespace

void write_fully(int fd, std::string_view data, const std::string& what)
{
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      fail("write", what);
    }
    done += static_cast<std::size_t>(n);
  }
}

void sync_directory(const std::filesystem::path& dir)
{
  const net::Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd || ::fsync(fd.get()) != 0) {
    fail("sync the directory", dir.string());
  }
}

void write_atomically(const std::filesystem::path& path, std::string_view data, mode_t mode)
{
  auto temp = path.string() + std::string(k_temp_marker) + "XXXXXX";
  net::Fd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (!fd) {
    fail("create", temp);
  }
  try {
    if (::fchmod(fd.get(), mode) != 0) {
      fail("set the mode of", temp);
    }
    write_fully(fd.get(), data, temp);
    if (::fsync(fd.get()) != 0) {
      fail("sync", temp);
    }
    fd.reset();
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      fail("rename onto", path.string());
    }
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  sync_directory(path.has_parent_path() ? path.parent_path() : ".");
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path)
{
  const net::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) {
      return std::nullopt;
    }
    fail("read", path.string());
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const auto n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      fail("read", path.string());
    }
    if (n == 0) {
      return text;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

bool is_atomic_temp_name(const std::string& file_name)
{
  const auto at = file_name.rfind(k_temp_marker);
  return at != std::string::npos && file_name.size() == at + k_temp_marker.size() + 6;
}

} // namespace emready::lab::state
