#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Finding the host tests in a line of a PAC file (JavaScript), without a regex engine.
namespace emready::rules::dialects::pac {

// One test of the host name: shExpMatch(host, "x"), dnsDomainIs(host, "x"),
// localHostOrDomainIs(host, "x"), or host == "x" (function "==").
struct HostTest
{
  std::string_view text;     // the whole test, a view into the scanned line
  std::string_view function; // "shExpMatch", "dnsDomainIs", "localHostOrDomainIs" or "=="
  std::string_view argument; // the string literal's content
  bool negated = false;      // preceded by '!': it picks out the hosts it does not match
};

// What a line holds.
struct Scan
{
  std::vector<HostTest> tests;
  std::optional<std::size_t> unreadable; // offset of a call not of the form f(host, "literal")
};

// Scans `line`, skipping other string literals so their content is never taken for code.
Scan scan_host_tests(std::string_view line);

// `text` with every JavaScript comment (// to the end of the line, /* … */ across lines)
// replaced by spaces, line breaks kept: lines and columns stay those of the file, and a
// host test inside a comment is no rule. String literals are left alone.
std::string without_comments(std::string_view text);

} // namespace emready::rules::dialects::pac
