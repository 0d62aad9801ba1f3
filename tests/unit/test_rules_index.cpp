// The rule index and the pattern fast path it leans on, checked against the plain
// mechanisms they replace: a linear scan of every rule, and label-token matching.
#include "emready/rules/dialect.hpp"
#include "emready/rules/rule_index.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace emready::rules;

namespace {

const emready::core::SourceLocation k_here{"t", 1, 1, ""};

// The hosts every check runs: eM endpoints, and names at the edges of label matching.
const std::vector<std::string> k_hosts = {
  "kinesis.eu-central-1.amazonaws.com",
  "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com",
  "amazonaws.com",
  "evilamazonaws.com",
  "rgt.srv.ygles.com",
  "srv.ygles.com",
  "gdlp01.c-wss.com",
  "x.gdlp01.c-wss.com",
  "www.c-wss.com",
  "h7.site42.com",
  "site42.com",
  "a.b.c.d.e.f.example.com",
  "example.com",
  "com",
  "x..example.com",
  ".example.com",
  "example.com.",
  "",
};

std::vector<std::size_t> scan(const std::vector<Rule>& rules, std::string_view host)
{
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].pattern.matches(host)) {
      out.push_back(i);
    }
  }
  return out;
}

// The same pattern as Pattern::below(domain, min, max), spelled as label tokens.
Pattern as_tokens(std::string_view domain, unsigned min, unsigned max)
{
  std::vector<LabelToken> tokens;
  if (max > 0) {
    tokens.push_back({false, {}, min, max});
  }
  if (!domain.empty()) {
    std::size_t start = 0;
    while (true) {
      const auto dot = domain.find('.', start);
      tokens.push_back({true, std::string(domain.substr(start, dot == std::string_view::npos
                                                                   ? dot
                                                                   : dot - start)),
                        0, 0});
      if (dot == std::string_view::npos) {
        break;
      }
      start = dot + 1;
    }
  }
  return Pattern::labels(std::move(tokens));
}

} // namespace

TEST_CASE("unit: a domain with a run of labels before it matches as its label tokens do")
{
  const unsigned any = LabelToken::k_unbounded;
  const std::vector<std::pair<unsigned, unsigned>> runs = {
    {0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 3}, {0, 5}, {1, any}, {0, any}, {4, 2}};
  for (const char* domain : {"", "com", "example.com", "b.c.d.e.f.example.com", "x..example.com"}) {
    for (const auto& [min, max] : runs) {
      const auto fast = Pattern::below(domain, min, max);
      const auto tokens = as_tokens(domain, min, max);
      CHECK(fast.key() == tokens.key());
      CHECK(fast.is_exact() == tokens.is_exact());
      for (const auto& host : k_hosts) {
        CHECK_MESSAGE(fast.matches(host) == tokens.matches(host),
                      "'" << domain << "' " << min << ".." << max << " vs '" << host << "'");
      }
    }
  }
}

TEST_CASE("unit: pattern keys are label-aligned suffixes")
{
  CHECK(Pattern::below("srv.ygles.com", 1, LabelToken::k_unbounded).key() == "srv.ygles.com");
  CHECK(Pattern::glob("*.srv.ygles.com").key() == "srv.ygles.com");
  CHECK(Pattern::glob("*amazonaws.com").key() == "com");
  CHECK(Pattern::glob("gdlp0?.c-wss.com").key() == "c-wss.com");
  CHECK(Pattern::glob("gdlp01.c-wss.com").key() == "gdlp01.c-wss.com");
  CHECK(Pattern::glob("*").key().empty());
  CHECK(Pattern::glob("www.*").key().empty());
  CHECK(Pattern::labels({{true, "www", 0, 0}, {false, {}, 1, 1}, {true, "com", 0, 0}}).key() ==
        "com");
  // A copy's key views the copy, not the original.
  auto copy = [] { return Pattern::glob("*.example.com"); }();
  const auto moved = std::move(copy);
  CHECK(moved.key() == "example.com");
}

TEST_CASE("unit: the index finds what a scan finds in a mixed list of every dialect")
{
  // Wildcards, raw globs, exact hosts, rules with no key, rules that match nothing, and the
  // same key many times over, interleaved with filler so the buckets and the table's
  // probing get exercised.
  const std::vector<std::pair<const char*, const char*>> entries = {
    {"plain", "*.amazonaws.com"},
    {"plain", "kinesis.eu-central-1.amazonaws.com:443"},
    {"plain", "*"},
    {"exact", "gdlp01.c-wss.com"},
    {"squid", ".amazonaws.com"},
    {"squid", "srv.ygles.com"},
    {"aws-nfw", ".c-wss.com"},
    {"zscaler", ".example.com"},
    {"umbrella", "amazonaws.com"},
    {"checkpoint", ".srv.ygles.com non-fqdn"},
    {"checkpoint", ".srv.ygles.com fqdn"},
    {"panos-url", "*.amazonaws.com"},
    {"panos-url", "^.eu-central-1.amazonaws.com"},
    {"panos-url", "www.*.com"},
    {"panos-url", "rgt.srv.ygles.com/path"},
    {"panos-decrypt", "*.eu-central-1.amazonaws.com"},
    {"fortigate", "gdlp0?.c-wss.com"},
    {"fortigate", "*.amazonaws.com"},
    {"azure-app", "*amazonaws.com https:443"},
    {"azure-app", "* https:443"},
    {"pac", R"(shExpMatch(host, "*.srv.ygles.com"))"},
    {"pac", R"(dnsDomainIs(host, "zonaws.com"))"},
    {"pac", R"(host == "gdlp01.c-wss.com")"},
    {"pac", R"(shExpMatch(host, "h?.site42.com"))"},
  };
  std::vector<Rule> rules;
  for (std::size_t round = 0; round < 3; ++round) {
    for (std::size_t e = 0; e < entries.size(); ++e) {
      rules.push_back(dialect_named(entries[e].first).compile(entries[e].second, k_here));
      for (std::size_t f = 0; f < 150; ++f) {
        const auto filler = fmt::format("*.site{}.com", (round * 7919 + e * 151 + f) % 2000);
        rules.push_back(dialect_named("plain").compile(filler, k_here));
      }
    }
  }
  const RuleIndex index(rules);
  for (const auto& host : k_hosts) {
    const auto expected = scan(rules, host);
    CHECK_MESSAGE(index.matching(host) == expected, "'" << host << "'");
    CHECK(index.candidates(host) >= expected.size());
  }
  // A lookup tests only the rules keyed by the host's suffixes (the eM rules, a few times
  // over), not the thousands of filler rules.
  CHECK(rules.size() > 10000);
  CHECK(index.candidates("kinesis.eu-central-1.amazonaws.com") < 50);
  CHECK(index.matching("h7.site42.com").size() > 3);
}

TEST_CASE("unit: an index of no rules, or of rules that match nothing, finds nothing")
{
  const std::vector<Rule> none;
  const RuleIndex empty(none);
  CHECK(empty.matching("rgt.srv.ygles.com").empty());
  CHECK(empty.candidates("rgt.srv.ygles.com") == 0);
  std::vector<Rule> never;
  never.push_back(dialect_named("panos-url").compile("rgt.srv.ygles.com/path", k_here));
  const RuleIndex paths(never);
  CHECK(paths.matching("rgt.srv.ygles.com").empty());
  CHECK(paths.candidates("rgt.srv.ygles.com") == 0);
}
