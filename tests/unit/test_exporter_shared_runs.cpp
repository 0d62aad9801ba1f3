// emready serve's shared runs (issue 12, section 4): concurrent requests for the same key
// share one run, a recent result is answered again, runs are bounded, every wait ends at its
// deadline, and a failure is not kept.
#include "emready/exporter/shared_runs.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace emready;
using Runs = exporter::SharedRuns<int>;
using namespace std::chrono_literals;

namespace {

Runs::Clock::time_point in(std::chrono::milliseconds ms)
{
  return Runs::Clock::now() + ms;
}

} // namespace

TEST_CASE("shared runs: requests during a run wait for it instead of starting their own")
{
  Runs runs(0ms, 4);
  std::atomic<int> made{0};
  std::vector<Runs::Answer> answers(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] {
      answers[i] = runs.get("cca", in(5000ms), [&](auto) {
        std::this_thread::sleep_for(300ms);
        return std::make_shared<const int>(++made);
      });
    });
    std::this_thread::sleep_for(10ms);
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(made == 1);
  int own = 0;
  for (const auto& answer : answers) {
    REQUIRE(answer.result);
    CHECK(*answer.result == 1);
    own += answer.own;
  }
  CHECK(own == 1);
}

TEST_CASE("shared runs: a result younger than the minimum interval is answered again, per key")
{
  Runs runs(10000ms, 4);
  int made = 0;
  const auto run = [&](auto) { return std::make_shared<const int>(++made); };
  CHECK(*runs.get("cca", in(1000ms), run).result == 1);
  const auto again = runs.get("cca", in(1000ms), run);
  CHECK(*again.result == 1);
  CHECK(!again.own);
  CHECK(*runs.get("erds", in(1000ms), run).result == 2);
  Runs fresh(0ms, 4);
  CHECK(*fresh.get("cca", in(1000ms), run).result == 3);
  CHECK(*fresh.get("cca", in(1000ms), run).result == 4);
}

TEST_CASE("shared runs: a failure is said and not kept")
{
  Runs runs(10000ms, 4);
  const auto failed = runs.get("cca", in(1000ms), [](auto) -> std::shared_ptr<const int> {
    throw std::runtime_error("the PAC file is unreadable");
  });
  CHECK(!failed.result);
  CHECK(failed.failure == "the PAC file is unreadable");
  CHECK(*runs.get("cca", in(1000ms), [](auto) { return std::make_shared<const int>(7); }).result == 7);
}

TEST_CASE("shared runs: at most max_runs at once; a request that cannot get one ends at its deadline")
{
  Runs runs(0ms, 1);
  std::thread slow([&] {
    runs.get("cca", in(5000ms), [](auto) {
      std::this_thread::sleep_for(600ms);
      return std::make_shared<const int>(1);
    });
  });
  std::this_thread::sleep_for(100ms);
  CHECK(runs.running() == 1);
  const auto start = Runs::Clock::now();
  bool ran = false;
  const auto answer = runs.get("erds", in(200ms), [&](auto) {
    ran = true;
    return std::make_shared<const int>(2);
  });
  const auto waited = Runs::Clock::now() - start;
  CHECK(!answer.result);
  CHECK(!ran);
  CHECK(answer.failure.find("--max-runs") != std::string::npos);
  CHECK(waited >= 190ms);
  CHECK(waited < 550ms);
  // A joiner whose deadline comes before the run ends gets no result, in time.
  const auto joined = runs.get("cca", in(50ms), [](auto) { return std::make_shared<const int>(3); });
  CHECK(!joined.result);
  slow.join();
  CHECK(runs.running() == 0);
}
