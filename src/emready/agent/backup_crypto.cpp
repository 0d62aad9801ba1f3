#include "emready/agent/backup_crypto.hpp"

#include "emready/handle/handles.hpp"

#include "emready/core/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <fstream>
#include <memory>

namespace emready::agent {

namespace {

constexpr char k_magic[] = {'E', 'M', 'B', '1'};
constexpr std::size_t k_key_size = 32;
constexpr std::size_t k_nonce_size = 12;
constexpr std::size_t k_tag_size = 16;

using CipherContext = handle::Owned<EVP_CIPHER_CTX>;

CipherContext new_context()
{
  CipherContext context(EVP_CIPHER_CTX_new());
  if (!context) {
    throw std::bad_alloc();
  }
  return context;
}

std::string to_hex(const Bytes& bytes)
{
  std::string out(bytes.size() * 2 + 1, '\0');
  OPENSSL_buf2hexstr_ex(out.data(), out.size(), nullptr, bytes.data(), bytes.size(), '\0');
  out.pop_back();
  return out;
}

std::optional<Bytes> from_hex(const std::string& text)
{
  Bytes out(text.size() / 2 + 1);
  std::size_t size = 0;
  if (OPENSSL_hexstr2buf_ex(out.data(), out.size(), &size, text.c_str(), '\0') != 1) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

const unsigned char* data_of(const std::string& text)
{
  return reinterpret_cast<const unsigned char*>(text.data());
}

} // namespace

BackupKey BackupKey::generate()
{
  BackupKey key{Bytes(k_key_size)};
  if (RAND_bytes(key.bytes.data(), static_cast<int>(key.bytes.size())) != 1) {
    throw core::InputError("cannot generate a backup key: no randomness from OpenSSL");
  }
  return key;
}

BackupKey BackupKey::load_or_create(const std::string& path)
{
  std::ifstream in(path);
  if (!in) {
    auto key = generate();
    // O_EXCL: never overwrite a key another run created meanwhile; 0600: it is a secret.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    const auto text = to_hex(key.bytes) + "\n";
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fsync(fd) != 0) {
      if (fd >= 0) {
        ::close(fd);
      }
      throw core::InputError("cannot create the backup key file '" + path + "': " +
                             std::strerror(errno));
    }
    ::close(fd);
    return key;
  }
  std::string text;
  std::getline(in, text);
  const auto bytes = from_hex(text);
  if (!bytes || bytes->size() != k_key_size) {
    throw core::InputError(path + ":1:1: a backup key is 64 hex digits (256 bits)");
  }
  return BackupKey{*bytes};
}

Bytes seal_backup(const BackupKey& key, const std::string& context, const Bytes& plain)
{
  Bytes out(k_magic, k_magic + sizeof k_magic);
  Bytes nonce(k_nonce_size);
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    throw core::InputError("cannot seal a backup: no randomness from OpenSSL");
  }
  out.insert(out.end(), nonce.begin(), nonce.end());
  auto cipher = new_context();
  int size = 0;
  Bytes body(plain.size() + k_tag_size);
  EVP_EncryptInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, key.bytes.data(), nonce.data());
  EVP_EncryptUpdate(cipher.get(), nullptr, &size, data_of(context),
                    static_cast<int>(context.size()));
  EVP_EncryptUpdate(cipher.get(), body.data(), &size, plain.data(),
                    static_cast<int>(plain.size()));
  int final_size = 0;
  EVP_EncryptFinal_ex(cipher.get(), body.data() + size, &final_size);
  EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_GET_TAG, k_tag_size,
                      body.data() + plain.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::optional<Bytes> open_backup(const BackupKey& key, const std::string& context,
                                 const Bytes& sealed)
{
  constexpr auto header = sizeof k_magic + k_nonce_size;
  if (sealed.size() < header + k_tag_size ||
      !std::equal(k_magic, k_magic + sizeof k_magic, sealed.begin())) {
    return std::nullopt;
  }
  const auto cipher_size = sealed.size() - header - k_tag_size;
  auto cipher = new_context();
  Bytes plain(cipher_size);
  int size = 0;
  EVP_DecryptInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, key.bytes.data(),
                     sealed.data() + sizeof k_magic);
  EVP_DecryptUpdate(cipher.get(), nullptr, &size, data_of(context),
                    static_cast<int>(context.size()));
  EVP_DecryptUpdate(cipher.get(), plain.data(), &size, sealed.data() + header,
                    static_cast<int>(cipher_size));
  Bytes tag(sealed.end() - k_tag_size, sealed.end());
  EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, k_tag_size, tag.data());
  int final_size = 0;
  if (EVP_DecryptFinal_ex(cipher.get(), plain.data() + size, &final_size) != 1) {
    return std::nullopt; // the tag does not match: tampered, truncated or another key
  }
  return plain;
}

} // namespace emready::agent
