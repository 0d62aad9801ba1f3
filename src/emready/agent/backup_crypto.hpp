#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emready::agent {

using Bytes = std::vector<std::uint8_t>;

// A 256-bit backup key. It stays with the device/tenant: the backend only ever sees sealed
// blobs (the seed's Data Backup Service).
struct BackupKey
{
  Bytes bytes; // 32 bytes

  // A fresh random key (OpenSSL RAND_bytes).
  static BackupKey generate();
  // Reads a key file (64 hex digits), creating it (mode 0600) with a fresh key when missing.
  // Throws core::InputError for a malformed or unreadable file.
  static BackupKey load_or_create(const std::string& path);
};

// Seals `plain` with AES-256-GCM: "EMB1" | 12-byte random nonce | ciphertext | 16-byte tag.
// `context` (tenant and serial number) is authenticated too, so a blob restored onto
// another device fails like a tampered one.
Bytes seal_backup(const BackupKey& key, const std::string& context, const Bytes& plain);

// Opens a sealed blob; nullopt when it was tampered with, truncated, sealed with another key
// or for another context.
std::optional<Bytes> open_backup(const BackupKey& key, const std::string& context,
                                 const Bytes& sealed);

} // namespace emready::agent
