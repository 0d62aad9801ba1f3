#include "emready/lab/state_dir.hpp"

#include "emready/core/error.hpp"
#include "emready/lab/atomic_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

namespace emready::lab {

namespace {

std::string read_file(const std::filesystem::path& path)
{
  return read_whole_file(path).value_or("");
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
