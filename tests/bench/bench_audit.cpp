// Audits a generated allow-list of N rules (default 100,000) against every built-in profile
// and prints the time of each stage, next to a linear scan of the same rules in the same run.
// Usage: bench_audit [N] [dialect]
#include "emready/profile/catalog.hpp"
#include "emready/rules/audit.hpp"

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <random>

using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start)
{
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A list shaped like a large corporate one: mostly unrelated hosts and wildcards, plus the
// eM wildcards and hosts somewhere in the middle.
std::string make_list(std::size_t n, const std::string& dialect)
{
  std::mt19937 rng(42);
  const char* tlds[] = {"com", "net", "org", "de", "dk", "io"};
  const bool squid_like = dialect == "squid" || dialect == "aws-nfw";
  std::string text = "# generated\n";
  for (std::size_t i = 0; i < n; ++i) {
    const auto tld = tlds[rng() % 6];
    const bool wildcard = rng() % 3 == 0;
    const auto host = fmt::format("h{}.site{}.{}", rng() % 1000, rng() % 50000, tld);
    if (i == n / 2) {
      text += dialect == "pac"  ? "  dnsDomainIs(host, \".srv.ygles.com\") ||\n"
              : squid_like      ? ".srv.ygles.com\n.amazonaws.com\n"
                                : "*.srv.ygles.com\n*.amazonaws.com\n";
    }
    const auto rule = wildcard ? (squid_like ? "." : "*.") + host.substr(host.find('.') + 1) : host;
    text += dialect == "pac" ? fmt::format("  shExpMatch(host, \"{}\") ||\n", rule) : rule + '\n';
  }
  return text;
}

} // namespace

int main(int argc, char** argv)
{
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::string dialect_name = argc > 2 ? argv[2] : "plain";
  const auto catalog = emready::profile::Catalog::builtin();
  const auto profiles = catalog.select({});
  const auto& dialect = emready::rules::dialect_named(dialect_name);

  auto start = Clock::now();
  const auto text = make_list(n, dialect_name);
  const double t_generate = ms_since(start);

  start = Clock::now();
  auto list = dialect.read({"bench.txt", text});
  const double t_read = ms_since(start);
  const auto rules_read = list.rules.size();

  // Baseline in the same run: every host against every rule.
  start = Clock::now();
  const auto targets = emready::plan::plan_targets(profiles);
  std::size_t scan_matches = 0;
  for (const auto& target : targets) {
    for (const auto& rule : list.rules) {
      scan_matches += rule.pattern.matches(target.host) ? 1U : 0U;
    }
  }
  const double t_scan = ms_since(start);

  start = Clock::now();
  const auto result = emready::rules::audit(dialect, std::move(list), profiles);
  const double t_audit = ms_since(start);
  std::size_t index_matches = 0;
  for (const auto& c : result.coverage) {
    index_matches += c.host_rules.size();
  }

  fmt::print("bench_audit: {} rules ({} read, dialect {}), {} endpoints of {} agents\n", n,
             rules_read, dialect_name, result.targets.size(), profiles.size());
  fmt::print("  generate list text      {:9.1f} ms\n", t_generate);
  fmt::print("  read + compile rules    {:9.1f} ms\n", t_read);
  fmt::print("  audit (index, coverage, lint, proposals) {:9.1f} ms\n", t_audit);
  fmt::print("  read + audit total      {:9.1f} ms\n", t_read + t_audit);
  fmt::print("  baseline linear scan of all hosts x rules (matching only) {:9.1f} ms\n", t_scan);
  fmt::print("  matches: index {} / scan {} ({})\n", index_matches, scan_matches,
             index_matches == scan_matches ? "same" : "DIFFERENT");
  fmt::print("  ready: {}\n", result.ready() ? "yes" : "no");
  return index_matches == scan_matches ? 0 : 1;
}
