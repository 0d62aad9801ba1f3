// FortiGate FQDN and wildcard FQDN address objects.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include "emready/core/host_name.hpp"

#include <cctype>
#include <fmt/format.h>
#include <map>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_fortigate{
  "fortigate",
  "FortiGate FQDN / wildcard FQDN address objects",
  "An entry without wildcards matches exactly that host. An entry with '*' or '?' is a "
  "wildcard FQDN: '*' matches any run of characters, dots included, '?' one "
  "character; '*.example.com' matches names at any depth below example.com but not "
  "example.com. Reads plain entries and 'set fqdn' / 'set wildcard-fqdn' lines of a "
  "'config firewall address' block. Rules carry no ports (the policy's service does).",
  "FortiOS Administration Guide, 'FQDN addresses' / 'Wildcard FQDN addresses': the object is "
  "filled with the addresses seen in DNS answers (FortiOS 6.2.2+: 'set type fqdn' with "
  "'set fqdn \"*.example.com\"'; older: 'set type wildcard-fqdn').",
  "UNCONFIRMED: no Fortinet document states whether '*.example.com' also matches "
  "example.com, how many labels '*' spans, or whether '?' works. emready assumes: not the "
  "apex, any depth. Check with 'diagnose firewall fqdn list' on your unit.",
  false,
};

class Fortigate : public Dialect
{
public:
  const DialectInfo& info() const override { return k_fortigate; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    if (entry.find_first_of("*?") == std::string_view::npos) {
      return make_rule(entry, Pattern::below(checked_domain(entry, where, "fortigate"), 0, 0),
                       where);
    }
    const auto lower = core::to_lower(entry);
    for (const char c : lower) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '*' ||
            c == '?')) {
        fail(where, fmt::format("fortigate: character '{}' is not allowed in a wildcard FQDN", c));
      }
    }
    return make_rule(entry, Pattern::glob(lower), where);
  }

  // A plain list (one FQDN a line) or a `show` export: `set fqdn` / `set wildcard-fqdn` count
  // only inside `config firewall address`, `address6` or `wildcard-fqdn custom` (a multicast
  // address or anything else is not an FQDN object), and `unset fqdn` or `delete NAME`
  // take back what an object allowed.
  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    std::vector<std::string> sections; // nested `config …` blocks
    std::string object;                // the `edit` in progress
    std::map<std::string, std::size_t> by_object;
    std::vector<bool> removed;
    const auto in_address_section = [&] {
      return !sections.empty() && (sections.back() == "firewall address" || sections.back() == "firewall address6" ||
                                   sections.back() == "firewall wildcard-fqdn custom");
    };
    for_each_line(source, "#", [&](const SourceLine& line) {
      const auto words = split_words(line.text);
      if (words.size() == 1 && sections.empty() && words[0] != "next" && words[0] != "end") {
        list.rules.push_back(compile(line.text, line.location));
        removed.push_back(false);
        return;
      }
      ++list.ignored_lines; // unless it turns out to be a rule, below
      if (words[0] == "config" && words.size() >= 2) {
        std::string name;
        for (std::size_t i = 1; i < words.size(); ++i) {
          name += (i > 1 ? " " : "") + std::string(words[i]);
        }
        sections.push_back(name);
      } else if (words[0] == "end" && !sections.empty()) {
        sections.pop_back();
      } else if (words[0] == "edit" && words.size() >= 2) {
        object = std::string(unquote(words[1]));
      } else if (words[0] == "next") {
        object.clear();
      } else if (!in_address_section()) {
        return;
      } else if (words.size() == 3 && words[0] == "set" && (words[1] == "fqdn" || words[1] == "wildcard-fqdn")) {
        --list.ignored_lines;
        if (const auto earlier = by_object.find(object); earlier != by_object.end()) {
          removed[earlier->second] = true; // a second `set` replaces the first
        }
        by_object[object] = list.rules.size();
        list.rules.push_back(compile(unquote(words[2]), line.at(words[2])));
        removed.push_back(false);
      } else if ((words[0] == "unset" && words.size() == 2 && (words[1] == "fqdn" || words[1] == "wildcard-fqdn")) ||
                 (words[0] == "delete" && words.size() == 2)) {
        const auto name = words[0] == "delete" ? std::string(unquote(words[1])) : object;
        if (const auto found = by_object.find(name); found != by_object.end()) {
          removed[found->second] = true;
          by_object.erase(found);
        }
      }
    });
    std::vector<Rule> kept;
    for (std::size_t i = 0; i < list.rules.size(); ++i) {
      if (!removed[i]) {
        kept.push_back(std::move(list.rules[i]));
      }
    }
    list.rules = std::move(kept);
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format("*.{}", domain);
  }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    write_comments(block.header, "#", out);
    out << "config firewall address\n";
    std::vector<std::string> names;
    for (const auto& rule : block.rules) {
      const bool wildcard = rule.entry.find_first_of("*?") != std::string::npos;
      names.push_back(fmt::format("canon-em-{}", wildcard ? rule.entry.substr(2) : rule.entry));
      out << fmt::format("    edit \"{}\"\n", names.back());
      out << "        set type fqdn\n"; // FortiOS 6.2.2+ takes wildcards in FQDN objects
      out << fmt::format("        set fqdn \"{}\"\n", rule.entry);
      out << "    next\n";
    }
    out << "end\nconfig firewall addrgrp\n    edit \"canon-em\"\n        set member";
    for (const auto& name : names) {
      out << " \"" << name << '"';
    }
    out << "\n    next\nend\n";
    if (!block.no_inspection_hosts.empty()) {
      out << "# SSL/SSH inspection profile: exempt these (mutual TLS breaks under deep "
             "inspection):\n";
      for (const auto& host : block.no_inspection_hosts) {
        out << "#   " << host << '\n';
      }
    }
  }
};

} // namespace

std::unique_ptr<Dialect> make_fortigate()
{
  return std::make_unique<Fortigate>();
}

} // namespace emready::rules::dialects
