// Proxy auto-config (PAC) host tests.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <fmt/format.h>
#include <regex>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_pac{
  "pac",
  "PAC file host tests",
  "shExpMatch(host, \"pattern\") is a shell glob over the whole name: '*' crosses dots, so "
  "\"*.example.com\" matches any depth below example.com (not example.com itself). "
  "dnsDomainIs(host, \"suffix\") is a raw string suffix: \".example.com\" matches names below "
  "example.com, but \"example.com\" also matches badexample.com. host == \"name\" is exact. "
  "Comparisons are case-sensitive. Reads these calls wherever they stand in a PAC file; other "
  "JavaScript lines are counted and skipped. Rules carry no ports.",
  "MDN, 'Proxy Auto-Configuration (PAC) file', and Mozilla's reference implementation: "
  "shExpMatch is an anchored shell glob; dnsDomainIs compares the end of the host string "
  "(so \"x.com\" matches \"badx.com\", and \".x.com\" does not match \"x.com\").",
  "",
  false,
};

// One host test: shExpMatch / dnsDomainIs / localHostOrDomainIs with a string literal, or
// host == "name".
const std::regex k_call{R"re((shExpMatch|dnsDomainIs|localHostOrDomainIs)\s*\(\s*host\s*,\s*"([^"]*)"\s*\)|\bhost\s*===?\s*"([^"]*)")re"};
const std::regex k_any_call{R"re(\b(shExpMatch|dnsDomainIs|localHostOrDomainIs)\s*\()re"};

class Pac : public Dialect
{
public:
  const DialectInfo& info() const override { return k_pac; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(entry.begin(), entry.end(), m, k_call)) {
      fail(where, "pac: expected shExpMatch(host, \"pattern\"), dnsDomainIs(host, \"suffix\") "
                  "or host == \"name\"");
    }
    return compile_match(m, entry, where);
  }

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0};
    for_each_line(source, "//", [&](const SourceLine& line) {
      std::size_t found = 0;
      auto begin = line.text.begin();
      std::match_results<std::string_view::const_iterator> m;
      while (std::regex_search(begin, line.text.end(), m, k_call)) {
        const auto call = line.text.substr(static_cast<std::size_t>(m[0].first - line.text.begin()),
                                           static_cast<std::size_t>(m.length(0)));
        list.rules.push_back(compile_match(m, call, line.at(call)));
        ++found;
        begin = m[0].second;
      }
      const auto calls = std::distance(
        std::regex_iterator<std::string_view::const_iterator>(line.text.begin(), line.text.end(),
                                                              k_any_call),
        {});
      if (static_cast<std::size_t>(calls) > found) {
        fail(line.location, "pac: cannot read a host test on this line; emready reads "
                            "shExpMatch(host, \"...\"), dnsDomainIs(host, \"...\") with string "
                            "literals");
      }
      if (found == 0) {
        ++list.ignored_lines;
      }
    });
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format("dnsDomainIs(host, \".{}\")", domain);
  }

  std::string exact_entry(std::string_view host) const override
  {
    return fmt::format("host == \"{}\"", host);
  }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    write_comments(block.header, "//", out);
    out << "// Call this from FindProxyForURL, e.g. `if (isCanonEMaintenance(host.toLowerCase()))\n"
           "// return \"DIRECT\";` (or your proxy, if eM traffic must pass through it).\n"
           "function isCanonEMaintenance(host) {\n  return ";
    for (std::size_t i = 0; i < block.rules.size(); ++i) {
      out << (i == 0 ? "" : " ||\n         ") << block.rules[i].entry;
    }
    out << (block.rules.empty() ? "false" : "") << ";\n}\n";
    if (!block.no_inspection_hosts.empty()) {
      out << "// Exclude from TLS inspection (mutual TLS):";
      for (const auto& host : block.no_inspection_hosts) {
        out << ' ' << host;
      }
      out << '\n';
    }
  }

private:
  template <typename Match>
  Rule compile_match(const Match& m, std::string_view call, const core::SourceLocation& where) const
  {
    const auto function = m[1].str();
    auto rule = [&] {
      if (m[3].matched) {
        return make_rule(call, Pattern::glob(m[3].str()), where);
      }
      const auto text = m[2].str();
      if (function == "shExpMatch") {
        return make_rule(call, Pattern::glob(text), where);
      }
      if (function == "dnsDomainIs") {
        return make_rule(call, Pattern::glob("*" + text), where);
      }
      return make_rule(call, Pattern::glob(text), where); // localHostOrDomainIs: exact FQDN
    }();
    if (has_upper(call.substr(call.find('"')))) {
      rule.cautions.push_back("has upper-case letters: PAC comparisons are case-sensitive and "
                              "host names usually arrive in lower case");
    }
    return rule;
  }
};

} // namespace

std::unique_ptr<Dialect> make_pac()
{
  return std::make_unique<Pac>();
}

} // namespace emready::rules::dialects
