// Proxy auto-config (PAC) host tests.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/pac_scan.hpp"

#include <fmt/format.h>

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

class Pac : public Dialect
{
public:
  const DialectInfo& info() const override { return k_pac; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    const auto scan = pac::scan_host_tests(entry);
    if (scan.tests.size() != 1 || scan.tests[0].text != entry) {
      fail(where, "pac: expected shExpMatch(host, \"pattern\"), dnsDomainIs(host, \"suffix\") "
                  "or host == \"name\"");
    }
    return compile_test(scan.tests[0], where);
  }

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    const SourceText code{source.file, pac::without_comments(source.text)};
    for_each_line(code, "", [&](const SourceLine& line) {
      const auto scan = pac::scan_host_tests(line.text);
      if (scan.unreadable) {
        fail(line.at(line.text.substr(*scan.unreadable)),
             "pac: cannot read this host test; emready reads shExpMatch(host, \"...\"), "
             "dnsDomainIs(host, \"...\") and localHostOrDomainIs(host, \"...\") with string "
             "literals");
      }
      for (const auto& test : scan.tests) {
        if (test.negated) {
          list.unmodelled.push_back({line.at(test.text), std::string(line.text),
                                     "a negated host test: which hosts it lets through depends on the code "
                                     "around it (the PAC ROUTE column shows what the file does when run)"});
          continue;
        }
        list.rules.push_back(compile_test(test, line.at(test.text)));
      }
      if (scan.tests.empty()) {
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
  static Rule compile_test(const pac::HostTest& test, const core::SourceLocation& where)
  {
    // dnsDomainIs is a raw suffix test and shExpMatch a glob; localHostOrDomainIs and ==
    // compare the whole name literally, so a '*' there matches only itself (no host).
    const std::string argument(test.argument);
    const bool literal = test.function == "==" || test.function == "localHostOrDomainIs";
    auto pattern = test.function == "dnsDomainIs" ? Pattern::glob("*" + argument)
                   : literal && argument.find_first_of("*?") != std::string::npos
                     ? Pattern::never()
                     : Pattern::glob(argument);
    auto rule = make_rule(test.text, std::move(pattern), where);
    if (has_upper(test.argument)) {
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
