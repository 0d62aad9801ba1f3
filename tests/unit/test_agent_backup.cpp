#include "emready/agent/backup_crypto.hpp"
#include "emready/core/error.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace emready::agent;

namespace {

Bytes bytes(const std::string& text)
{
  return Bytes(text.begin(), text.end());
}

std::filesystem::path temp_file(const char* name)
{
  const auto path = std::filesystem::temp_directory_path() /
                    (std::string("emready-backup-test-") + std::to_string(::getpid()) + name);
  std::filesystem::remove(path);
  return path;
}

} // namespace

TEST_CASE("unit: backup sealed with AES-256-GCM opens again, and only that way")
{
  const auto key = BackupKey::generate();
  const auto plain = bytes(R"({"paper_size":"A4","duplex":true})");
  const auto sealed = seal_backup(key, "root/eu/SN1", plain);
  CHECK(sealed.size() == 4 + 12 + plain.size() + 16);
  CHECK(std::search(sealed.begin(), sealed.end(), plain.begin(), plain.end()) == sealed.end());
  REQUIRE(open_backup(key, "root/eu/SN1", sealed).has_value());
  CHECK(*open_backup(key, "root/eu/SN1", sealed) == plain);
  CHECK(seal_backup(key, "root/eu/SN1", plain) != sealed); // a fresh nonce every time

  SUBCASE("every flipped byte is detected")
  {
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      auto tampered = sealed;
      tampered[i] ^= 0x01;
      CHECK_FALSE(open_backup(key, "root/eu/SN1", tampered).has_value());
    }
  }
  SUBCASE("truncated, another device, another key")
  {
    CHECK_FALSE(open_backup(key, "root/eu/SN1", Bytes(sealed.begin(), sealed.end() - 1)));
    CHECK_FALSE(open_backup(key, "root/eu/SN1", Bytes(sealed.begin(), sealed.begin() + 10)));
    CHECK_FALSE(open_backup(key, "root/eu/SN2", sealed));
    CHECK_FALSE(open_backup(BackupKey::generate(), "root/eu/SN1", sealed));
  }
}

TEST_CASE("unit: backup key file is created private and read back; a bad one is located")
{
  const auto path = temp_file("key");
  const auto created = BackupKey::load_or_create(path.string());
  struct stat info{};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(BackupKey::load_or_create(path.string()).bytes == created.bytes);
  std::filesystem::remove(path);

  std::ofstream(path) << "not hex\n";
  CHECK_THROWS_WITH_AS(BackupKey::load_or_create(path.string()),
                       doctest::Contains(":1:1: a backup key is 64 hex digits"),
                       emready::core::InputError);
  std::ofstream(path) << "00ff\n";
  CHECK_THROWS_AS(BackupKey::load_or_create(path.string()), emready::core::InputError);
  std::filesystem::remove(path);
}
