#include "emready/cli/check_repeat.hpp"

#include "emready/cli/run_facts.hpp"
#include "emready/core/error.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/report/diff.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <time.h>

namespace emready::cli {

namespace {

// SIGTERM and SIGINT are blocked while it lives and taken with sigtimedwait: a signal during
// a run waits for the run to end (its report is written whole), one during the pause ends it.
class StopSignals
{
public:
  StopSignals()
  {
    sigemptyset(&m_set);
    sigaddset(&m_set, SIGTERM);
    sigaddset(&m_set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
  }
  ~StopSignals() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Waits up to `seconds`; the signal that came (now or during the run), or 0.
  int wait(double seconds)
  {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(std::max(seconds, 0.0));
    for (;;) {
      const auto left = until - std::chrono::steady_clock::now();
      const auto ns = std::max<long long>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(left).count());
      const timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
      const int signal = sigtimedwait(&m_set, nullptr, &timeout);
      if (signal > 0) {
        return signal;
      }
      if (errno == EAGAIN) {
        return 0;
      }
      // EINTR (another signal): wait out the rest
    }
  }

private:
  sigset_t m_set{};
  sigset_t m_old{};
};

void write_file(const std::filesystem::path& path, const std::string& text)
{
  const auto temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      throw core::InputError(fmt::format("cannot write '{}': {}", temporary, std::strerror(errno)));
    }
  }
  std::filesystem::rename(temporary, path); // readers see the old file or the new, never half
}

std::string stamp()
{
  auto name = utc_now(); // 2026-12-02T01:02:03Z
  for (auto& c : name) {
    c = c == ':' ? '-' : c; // a file name every system takes
  }
  return name;
}

} // namespace

int run_repeatedly(const CheckOptions& options, const std::function<RepeatedRun()>& once)
{
  std::error_code error;
  std::filesystem::create_directories(options.history, error);
  if (error) {
    throw core::InputError(fmt::format("--history: cannot create '{}': {}", options.history, error.message()));
  }
  StopSignals signals;
  std::string previous_json;
  std::string previous_name;
  int code = 0;
  for (unsigned run = 1;; ++run) {
    const auto started = std::chrono::steady_clock::now();
    auto outcome = once();
    code = outcome.exit_code;
    const auto name = fmt::format("{}-run{:04}.json", stamp(), run); // runs a second apart stay apart
    write_file(std::filesystem::path(options.history) / name, outcome.json);
    write_file(std::filesystem::path(options.history) / "latest.json", outcome.json);
    if (previous_json.empty()) {
      outcome.print(std::cout);
    } else {
      const auto diff = report::diff_checks(nlohmann::json::parse(previous_json), previous_name,
                                            nlohmann::json::parse(outcome.json), name);
      const auto heading = fmt::format("{} run {} ({})", utc_now(), run, code == 0 ? "ready" : "not ready");
      if (diff.endpoints.empty() && diff.agents.empty()) {
        std::cout << fmt::format("{}: no change ({} endpoints as before)\n", heading, diff.unchanged);
      } else {
        std::cout << fmt::format("\n== {} ==\n", heading);
        report::print_diff(diff, std::cout);
      }
    }
    std::cout.flush();
    previous_json = std::move(outcome.json);
    previous_name = name;
    if (options.runs != 0 && run >= options.runs) {
      return code;
    }
    const auto spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (const int signal = signals.wait(options.every - spent); signal != 0) {
      std::cerr << fmt::format("emready: {} received: stopping after {} run{}\n",
                               signal == SIGTERM ? "SIGTERM" : "SIGINT", run, run == 1 ? "" : "s");
      return signal == SIGTERM ? core::to_int(core::ExitCode::ready) : core::to_int(core::ExitCode::interrupted);
    }
  }
}

} // namespace emready::cli
