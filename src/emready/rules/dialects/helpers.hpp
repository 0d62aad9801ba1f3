#pragma once

#include "emready/core/error.hpp"
#include "emready/rules/dialect.hpp"
#include "emready/rules/rule.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

// Small pieces the dialect implementations share.
namespace emready::rules::dialects {

// Throws core::InputError at `where`.
[[noreturn]] void fail(const core::SourceLocation& where, const std::string& message);

// `domain` checked as a host name (a bare TLD allowed, so it can be warned about) and
// lower-cased, without a trailing dot. `dialect` names the rule's dialect in errors.
std::string checked_domain(std::string_view domain, const core::SourceLocation& where,
                           std::string_view dialect);

// A rule for `entry` with `pattern` read at `where`.
Rule make_rule(std::string_view entry, Pattern pattern, const core::SourceLocation& where,
               std::vector<std::uint16_t> ports = {});

// The leading-dot convention (Squid, AWS Network Firewall, Zscaler): ".d" is d and up to
// `max_depth` labels below it, "d" exactly d. '*' is rejected with a hint naming `dialect`.
Rule compile_dot_domain(std::string_view entry, const core::SourceLocation& where,
                        std::string_view dialect, unsigned max_depth);

// Writes each line behind `marker` (declared with the Dialect base, which uses it too).
using rules::write_comments;

// Parses "443" or "443,8883"; errors are located at `where`.
std::vector<std::uint16_t> parse_port_list(std::string_view text,
                                           const core::SourceLocation& where,
                                           unsigned max_port = 65535);

// "443,8883".
std::string join_ports(const std::vector<std::uint16_t>& ports, std::string_view prefix = "");

// `text` without one pair of surrounding double quotes.
std::string_view unquote(std::string_view text);

// True when `text` holds an upper-case ASCII letter.
bool has_upper(std::string_view text);

} // namespace emready::rules::dialects
