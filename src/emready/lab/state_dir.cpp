#include "emready/lab/state_dir.hpp"

#include "emready/core/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace emready::lab {

namespace {

std::string read_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_all(int fd, const std::string& text, const std::filesystem::path& path)
{
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw core::InputError(fmt::format("cannot write {}: {}", path.string(), strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
}

} // namespace

std::filesystem::path prepare_state_dir(const std::string& dir)
{
  if (!dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) {
      throw core::InputError(fmt::format("cannot create the state directory {}: {}", dir,
                                         error.message()));
    }
    return std::filesystem::absolute(dir);
  }
  auto pattern = (std::filesystem::temp_directory_path() / "emready-lab-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw core::InputError(fmt::format("cannot create a temporary directory: {}",
                                       strerror(errno)));
  }
  return pattern;
}

void write_atomically(const std::filesystem::path& path, const std::string& text, mode_t mode)
{
  const auto temp = path.string() + fmt::format(".tmp{}", getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    throw core::InputError(fmt::format("cannot write {}: {}", temp, strerror(errno)));
  }
  try {
    write_all(fd, text, temp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  std::filesystem::rename(temp, path);
}

KeyPair load_or_create_ca(const std::filesystem::path& dir, const std::string& name,
                          const CertSpec& spec)
{
  const auto cert_path = dir / (name + ".pem");
  const auto key_path = dir / (name + ".key");
  if (std::filesystem::exists(cert_path) && std::filesystem::exists(key_path)) {
    KeyPair pair{cert_from_pem(read_file(cert_path)), key_from_pem(read_file(key_path))};
    if (pair.cert && pair.key && X509_check_private_key(pair.cert.get(), pair.key.get()) == 1) {
      return pair;
    }
    // An unreadable or mismatched pair is replaced rather than trusted.
  }
  KeyPair pair{nullptr, generate_key()};
  pair.cert = issue(spec, pair.key.get(), KeyPair{});
  write_atomically(key_path, to_pem(pair.key.get()), 0600);
  write_atomically(cert_path, to_pem(pair.cert.get()), 0644);
  return pair;
}

} // namespace emready::lab
