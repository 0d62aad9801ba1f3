#pragma once

#include "emready/rules/rule.hpp"
#include "emready/rules/source_text.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace emready::rules {

// What a dialect is and how sure we are of its matching semantics.
struct DialectInfo
{
  std::string_view name;        // e.g. "squid"
  std::string_view title;       // e.g. "Squid dstdomain ACL"
  std::string_view matching;    // one paragraph: what a rule covers
  std::string_view reference;   // the vendor documentation the model follows
  std::string_view unconfirmed; // what could not be confirmed from vendor docs ("" = none)
  bool port_aware = false;      // rules carry ports
};

// A rule emready proposes, before it is written in a dialect.
struct ProposedRule
{
  std::string entry;                // in the dialect's entry syntax, ports included
  bool wildcard = false;            // false: an exception for hosts no wildcard covers
  std::vector<std::string> hosts;   // the endpoints it is proposed for
  std::vector<std::uint16_t> ports; // the ports it must allow
  std::string comment;              // why, when there is more to say
};

// Everything a dialect writer puts into one output.
struct RuleBlock
{
  std::vector<std::string> header;    // comment lines: who made it, for which agents
  std::vector<ProposedRule> rules;    // wildcards first, then exceptions
  std::vector<std::string> no_inspection_hosts; // to exclude from TLS inspection
};

// One firewall's or proxy's way of matching host names: reads, writes and compiles rules.
class Dialect
{
public:
  virtual ~Dialect() = default;

  // Name, semantics and documentation.
  virtual const DialectInfo& info() const = 0;

  // Compiles one entry as an admin types it into the product. Throws core::InputError
  // located at `where` when the product would reject it.
  virtual Rule compile(std::string_view entry, const core::SourceLocation& where) const = 0;

  // Reads a whole allow-list. The default: one entry per line, '#' starts a comment.
  virtual AllowList read(const SourceText& source) const;

  // The entry covering `domain` and names below it, if the dialect has such a form.
  virtual std::optional<std::string> wildcard_entry(std::string_view domain) const = 0;

  // The entry covering exactly `host` (or as little more as the dialect allows).
  virtual std::string exact_entry(std::string_view host) const { return std::string(host); }

  // `entry` limited to `ports`; dialects whose rules carry no ports return it unchanged.
  virtual std::string with_ports(const std::string& entry,
                                 const std::vector<std::uint16_t>& ports) const;

  // False for formats without comments (JSON): the caller then shows the block's header and
  // TLS-inspection hosts elsewhere.
  virtual bool writes_comments() const { return true; }

  // Writes `block` in the product's native syntax; `read` accepts what this writes.
  // The default writes '#' comments and one entry per line.
  virtual void write(const RuleBlock& block, std::ostream& out) const;
};

// Writes each of `lines` as a comment: `marker`, a space, the line.
void write_comments(const std::vector<std::string>& lines, std::string_view marker,
                    std::ostream& out);

// Every dialect, in the order `--help` lists them (the registry: dialects/registry.cpp).
const std::vector<const Dialect*>& all_dialects();

// The dialect called `name`; throws core::InputError with "did you mean" when unknown.
const Dialect& dialect_named(std::string_view name);

// Every dialect name, for help texts and "did you mean".
std::vector<std::string> dialect_names();

// The kind of device whose lists a dialect is.
enum class Device
{
  any,        // a plain host list: fits any device
  firewall,   // outbound rules by name (FortiGate, Check Point, AWS/Azure firewalls, PAN-OS URL)
  proxy,      // an HTTP proxy's allow-list (Squid, Zscaler, a PAC file's DIRECT list)
  dns_filter, // a DNS filter's allow-list (Cisco Umbrella)
  inspection, // a TLS-inspection exclusion list (PAN-OS decryption exclusions)
};

// The device `dialect` writes for (the registry's table).
Device device_of(const Dialect& dialect);

} // namespace emready::rules
