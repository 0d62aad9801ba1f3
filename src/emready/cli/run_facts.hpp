#pragma once

#include "emready/report/document.hpp"

#include <string>
#include <vector>

namespace emready::cli {

// Now, in RFC 3339 UTC ("2026-02-01T09:30:00Z").
std::string utc_now();

// This machine's host name.
std::string host_name();

// `argv` with secrets replaced by "***": the password of a URL's user:password@, and the
// values of options that are secrets themselves (--token).
std::vector<std::string> redacted_command_line(int argc, char** argv);

// SHA-256 of `text`, lower-case hex (OpenSSL EVP).
std::string sha256_hex(std::string_view text);

} // namespace emready::cli
