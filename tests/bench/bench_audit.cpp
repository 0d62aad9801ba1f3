// Audits a generated allow-list of N rules (default 100,000) against every built-in profile
// and prints the time of each stage; the indexed lookups run next to a linear scan of the
// same rules in the same run and must find the same rules. Then it times the whole
// `emready audit` command (fork and exec of the binary) on the same list, written to a
// temporary file.
// Usage: bench_audit [N] [dialect] [path/to/emready...]
//   Without a path, the emready next to this build (../../src/emready) is used if it exists.
//   With several (e.g. an old build and a new one), their runs alternate, so they share the
//   machine's load alike.
#include "emready/profile/catalog.hpp"
#include "emready/rules/audit.hpp"
#include "emready/rules/rule_index.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <sys/resource.h>
#include <sys/wait.h>
#include <ctime>
#include <unistd.h>

using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start)
{
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double cpu_ms()
{
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Wall time (what a user waits; noisy on a shared machine) and this process's CPU time.
struct Span
{
  double wall = 0;
  double cpu = 0;
};

class Stopwatch
{
public:
  Stopwatch() : m_wall(Clock::now()), m_cpu(cpu_ms()) {}
  Span elapsed() const { return {ms_since(m_wall), cpu_ms() - m_cpu}; }

private:
  Clock::time_point m_wall;
  double m_cpu;
};

std::string ms(Span span)
{
  return fmt::format("{:10.3f} ms wall {:10.3f} ms cpu", span.wall, span.cpu);
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
    const bool wildcard = rng() % 3 == 0 && dialect != "exact"; // exact takes no wildcards
    const auto host = fmt::format("h{}.site{}.{}", rng() % 1000, rng() % 50000, tld);
    if (i == n / 2) {
      text += dialect == "pac"     ? "  dnsDomainIs(host, \".srv.ygles.com\") ||\n"
              : squid_like         ? ".srv.ygles.com\n.amazonaws.com\n"
              : dialect == "exact" ? "rgt.srv.ygles.com\nkinesis.eu-central-1.amazonaws.com\n"
                                   : "*.srv.ygles.com\n*.amazonaws.com\n";
    }
    const auto rule = wildcard ? (squid_like ? "." : "*.") + host.substr(host.find('.') + 1) : host;
    text += dialect == "pac" ? fmt::format("  shExpMatch(host, \"{}\") ||\n", rule) : rule + '\n';
  }
  return text;
}

// The emready binaries to time: the arguments, else the one this build made, else none.
std::vector<std::string> emready_binaries(int argc, char** argv)
{
  if (argc > 3) {
    return {argv + 3, argv + argc};
  }
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return {};
  }
  const auto guess = self.parent_path().parent_path().parent_path() / "src" / "emready";
  if (!std::filesystem::exists(guess, ec)) {
    return {};
  }
  return {guess.string()};
}

struct CommandRun
{
  double ms = 0;     // wall
  double cpu_ms = 0; // the child's user + system time
  int exit_code = -1;
  std::string first_line; // of its standard output
};

// Runs `emready audit -l list -d dialect` with stdout to `out_path`, and times it.
CommandRun run_command(const std::string& binary, const std::string& list,
                       const std::string& dialect, const std::string& out_path)
{
  CommandRun run;
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
      _exit(127);
    }
    close(fd);
    execl(binary.c_str(), binary.c_str(), "audit", "-l", list.c_str(), "-d", dialect.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid < 0) {
    return run;
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.ms = ms_since(start);
  const auto to_ms = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
  };
  run.cpu_ms = to_ms(usage.ru_utime) + to_ms(usage.ru_stime);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream out(out_path);
  std::getline(out, run.first_line);
  return run;
}

int run(int argc, char** argv)
{
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::string dialect_name = argc > 2 ? argv[2] : "plain";
  const auto catalog = emready::profile::Catalog::builtin();
  const auto profiles = catalog.select({});
  const auto& dialect = emready::rules::dialect_named(dialect_name);
  bool ok = true;

  Stopwatch watch;
  const auto text = make_list(n, dialect_name);
  const auto t_generate = watch.elapsed();

  // The same list on disk, for the read phase and the whole command.
  auto tmp_dir = std::filesystem::temp_directory_path() /
                 fmt::format("bench_audit.{}", static_cast<long>(getpid()));
  std::filesystem::create_directories(tmp_dir);
  // Removed however main ends, a rejected list (an exception) included.
  struct RemoveDir
  {
    std::filesystem::path path;
    ~RemoveDir()
    {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } const remove_tmp_dir{tmp_dir};
  const auto list_path = (tmp_dir / "allow.txt").string();
  const auto out_path = (tmp_dir / "out.txt").string();
  std::ofstream(list_path, std::ios::binary) << text;

  watch = Stopwatch();
  const auto source = emready::rules::read_source(list_path);
  const auto t_read_file = watch.elapsed();

  watch = Stopwatch();
  auto list = dialect.read(source);
  const auto t_compile = watch.elapsed();
  const auto rules_read = list.rules.size();
  const auto targets = emready::plan::plan_targets(profiles);

  // Indexed lookups next to a linear scan of every rule for every host, in the same run.
  watch = Stopwatch();
  const emready::rules::RuleIndex index(list.rules);
  const auto t_index_build = watch.elapsed();

  std::vector<std::vector<std::size_t>> by_index;
  watch = Stopwatch();
  for (const auto& target : targets) {
    by_index.push_back(index.matching(target.host));
  }
  const auto t_index_lookup = watch.elapsed();

  std::vector<std::vector<std::size_t>> by_scan;
  watch = Stopwatch();
  for (const auto& target : targets) {
    auto& found = by_scan.emplace_back();
    for (std::size_t i = 0; i < list.rules.size(); ++i) {
      if (list.rules[i].pattern.matches(target.host)) {
        found.push_back(i);
      }
    }
  }
  const auto t_scan = watch.elapsed();

  std::size_t index_matches = 0;
  std::size_t scan_matches = 0;
  std::size_t tested = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    index_matches += by_index[t].size();
    scan_matches += by_scan[t].size();
    tested += index.candidates(targets[t].host);
  }
  const bool same = by_index == by_scan;
  ok = ok && same;

  // The audit proper, and its parts on their own.
  watch = Stopwatch();
  const auto coverage = emready::rules::cover(targets, list.rules);
  const auto t_cover = watch.elapsed();
  watch = Stopwatch();
  const auto findings = emready::rules::lint(list.rules, coverage);
  const auto t_lint = watch.elapsed();

  watch = Stopwatch();
  const auto result = emready::rules::audit(dialect, std::move(list), profiles);
  const auto t_audit = watch.elapsed();
  std::size_t audit_matches = 0;
  for (const auto& c : result.coverage) {
    audit_matches += c.host_rules.size();
  }
  ok = ok && audit_matches == scan_matches && findings.size() == result.findings.size();

  fmt::print("bench_audit: {} rules ({} read, dialect {}), {} endpoints of {} agents\n", n,
             rules_read, dialect_name, targets.size(), profiles.size());
  fmt::print("  generate list text                 {}\n", ms(t_generate));
  fmt::print("  read file                          {}\n", ms(t_read_file));
  fmt::print("  split lines + compile rules        {}\n", ms(t_compile));
  fmt::print("  lookups of {} hosts, side by side:\n", targets.size());
  fmt::print("    index: build                     {}\n", ms(t_index_build));
  fmt::print("    index: lookups                   {}  ({} rules tested)\n", ms(t_index_lookup),
             tested);
  fmt::print("    linear scan                      {}  ({} rules tested)\n", ms(t_scan),
             targets.size() * rules_read);
  fmt::print("    index lookups / linear scan      {:10.5f} wall {:10.5f} cpu\n",
             t_scan.wall > 0 ? t_index_lookup.wall / t_scan.wall : 0.0,
             t_scan.cpu > 0 ? t_index_lookup.cpu / t_scan.cpu : 0.0);
  fmt::print("    matches: index {} / scan {} ({})\n", index_matches, scan_matches,
             same ? "same rules" : "DIFFERENT");
  fmt::print("  coverage (index build + lookups)   {}\n", ms(t_cover));
  fmt::print("  lint                               {}  ({} findings)\n", ms(t_lint),
             findings.size());
  fmt::print("  audit (coverage, lint, proposals)  {}\n", ms(t_audit));
  fmt::print("  read + compile + audit             {}\n",
             ms({t_read_file.wall + t_compile.wall + t_audit.wall,
                 t_read_file.cpu + t_compile.cpu + t_audit.cpu}));
  fmt::print("  ready: {}\n", result.ready() ? "yes" : "no");

  const auto binaries = emready_binaries(argc, argv);
  if (binaries.empty()) {
    fmt::print("  whole command: skipped (no emready binary; pass its path as 3rd argument)\n");
  }
  const std::string expected = fmt::format(": {} rules", rules_read);
  const int expected_code = result.ready() ? 0 : 1;
  constexpr int k_runs = 3;
  std::vector<std::vector<CommandRun>> runs(binaries.size());
  for (int r = 0; r < k_runs; ++r) {
    for (std::size_t b = 0; b < binaries.size(); ++b) {
      const auto run = run_command(binaries[b], list_path, dialect_name, out_path);
      if (run.exit_code != expected_code || run.first_line.find(expected) == std::string::npos) {
        fmt::print("  whole command: {} FAILED (exit {}, first line '{}')\n", binaries[b],
                   run.exit_code, run.first_line);
        ok = false;
      }
      runs[b].push_back(run);
    }
  }
  for (std::size_t b = 0; b < binaries.size(); ++b) {
    auto by_wall = runs[b];
    std::sort(by_wall.begin(), by_wall.end(),
              [](const auto& x, const auto& y) { return x.ms < y.ms; });
    auto by_cpu = runs[b];
    std::sort(by_cpu.begin(), by_cpu.end(),
              [](const auto& x, const auto& y) { return x.cpu_ms < y.cpu_ms; });
    fmt::print("  whole `emready audit` command, best of {}: {:8.3f} ms wall {:8.3f} ms cpu "
               "(median {:.3f} / {:.3f})  {}\n",
               k_runs, by_wall.front().ms, by_cpu.front().cpu_ms, by_wall[k_runs / 2].ms,
               by_cpu[k_runs / 2].cpu_ms, binaries[b]);
  }
  return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_audit: {}\n", e.what());
    return 2;
  }
}
