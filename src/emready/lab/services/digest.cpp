#include "emready/lab/services/digest.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace emready::lab::services {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size)
{
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    text += k_digits[bytes[i] >> 4];
    text += k_digits[bytes[i] & 0xf];
  }
  return text;
}

} // namespace

std::string sha256_hex(std::string_view data)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return to_hex(digest.data(), size);
}

std::string random_token()
{
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed: no randomness for a token");
  }
  return to_hex(bytes.data(), bytes.size());
}

} // namespace emready::lab::services
