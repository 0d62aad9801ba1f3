#pragma once

#include <string>
#include <string_view>

namespace emready::lab::services {

// The SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// A fresh bearer token: 32 random bytes from OpenSSL's RAND_bytes as 64 hex digits.
std::string random_token();

} // namespace emready::lab::services
