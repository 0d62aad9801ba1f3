#pragma once

#include "emready/core/error.hpp"
#include "emready/rules/pattern.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace emready::rules {

// One allow-list rule, compiled from an entry in some dialect.
struct Rule
{
  std::string entry;                 // as the admin wrote it, e.g. ".srv.ygles.com"
  Pattern pattern;                   // what host names it matches
  std::vector<std::uint16_t> ports;  // empty: any port
  core::SourceLocation location;     // where it was read ("" file for generated rules);
                                     // file, line and column only (no line_text)
  std::vector<std::string> cautions; // things the dialect noticed while reading it
  std::string dead;                  // why the product's own reading matches no host, with
                                     // the fix ("" when it matches something)

  // True when the rule lets traffic to `port` through.
  bool allows_port(std::uint16_t port) const;
};

// A statement of the list that can take away what a rule allows, and that emready does not
// model (Squid `http_access deny` with an ACL of its own, a negated PAC host test,
// Check Point `set dns-domain`): while there is one, "covered" is not proven.
struct Unmodelled
{
  core::SourceLocation location;
  std::string statement; // as written
  std::string why;       // what it could change
};

// A site's allow-list as read from a file.
struct AllowList
{
  std::string file;
  std::vector<Rule> rules;
  std::size_t ignored_lines = 0; // configuration lines that hold no host rule
  std::vector<Unmodelled> unmodelled;
};

} // namespace emready::rules
