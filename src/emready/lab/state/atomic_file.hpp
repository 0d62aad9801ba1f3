#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace emready::lab::state {

// Replaces `path` with `data` so that a crash at any moment (kill -9, power loss) leaves
// either the old file or the new one, never a mix: a temporary file in the same directory,
// fsync, rename over `path`, fsync of the directory. Throws core::InputError on failure.
void write_atomically(const std::filesystem::path& path, std::string_view data, mode_t mode);

// Makes the names in directory `dir` durable (after a rename, create or unlink).
void sync_directory(const std::filesystem::path& dir);

// The whole content of `path`; nullopt when it does not exist. Throws on other errors.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

// Writes all of `data` to `fd`, retrying on EINTR; throws core::InputError naming `what`.
void write_fully(int fd, std::string_view data, const std::string& what);

// True for a leftover temporary file of write_atomically (e.g. after a crash).
bool is_atomic_temp_name(const std::string& file_name);

} // namespace emready::lab::state
