#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace emready::exporter {

// Runs that concurrent requests share: requests with the same key while a run is in
// progress wait for that run instead of starting their own; a result younger than the
// minimum interval is answered again; at most `max_runs` runs are in progress at once (a
// request waits for a free one). Every wait ends at the request's own deadline. Failed runs
// are not kept: the next request tries again.
template <typename Result>
class SharedRuns
{
public:
  using Clock = std::chrono::steady_clock;
  // Makes a result before `deadline`; an exception is the run's failure (its what()).
  using Run = std::function<std::shared_ptr<const Result>(Clock::time_point deadline)>;

  struct Answer
  {
    std::shared_ptr<const Result> result; // null: no result (see `failure`)
    bool own = false;                     // this request's run, not another's
    std::string failure;                  // why there is no result
  };

  SharedRuns(std::chrono::milliseconds min_interval, std::size_t max_runs)
    : m_min_interval(min_interval), m_max_runs(max_runs == 0 ? 1 : max_runs)
  {
  }

  Answer get(const std::string& key, Clock::time_point deadline, const Run& run)
  {
    std::unique_lock lock(m_mutex);
    forget_old(Clock::now());
    auto& slot = m_slots[key];
    if (!slot.running && slot.result && Clock::now() - slot.finished < m_min_interval) {
      return {slot.result, false, ""};
    }
    if (slot.running) {
      const auto generation = slot.generation;
      if (!m_changed.wait_until(lock, deadline, [&] { return m_slots[key].generation != generation; })) {
        return {nullptr, false, "the run in progress for these agents did not finish before the scrape's deadline"};
      }
      const auto& done = m_slots[key];
      return {done.result, false, done.failure};
    }
    slot.running = true; // ours: later requests for this key wait for it
    Answer answer{nullptr, true, ""};
    if (!m_changed.wait_until(lock, deadline, [&] { return m_running < m_max_runs; })) {
      answer.failure = "every run slot was busy until the scrape's deadline (--max-runs)";
    } else {
      ++m_running;
      lock.unlock();
      try {
        answer.result = run(deadline);
      } catch (const std::exception& error) {
        answer.failure = error.what();
      }
      lock.lock();
      --m_running;
    }
    auto& done = m_slots[key];
    done.running = false;
    ++done.generation;
    done.failure = answer.failure;
    done.result = answer.result; // a failure is not shared with later requests
    done.finished = Clock::now();
    m_changed.notify_all();
    return answer;
  }

  // Runs in progress now.
  std::size_t running() const
  {
    const std::lock_guard lock(m_mutex);
    return m_running;
  }

private:
  struct Slot
  {
    bool running = false;
    std::uint64_t generation = 0; // one more each time a run ends
    std::shared_ptr<const Result> result;
    std::string failure;
    Clock::time_point finished;
  };

  // Results no request may share any more, so memory follows the keys asked recently.
  void forget_old(Clock::time_point now)
  {
    for (auto it = m_slots.begin(); it != m_slots.end();) {
      if (!it->second.running && now - it->second.finished >= m_min_interval) {
        it = m_slots.erase(it);
      } else {
        ++it;
      }
    }
  }

  std::chrono::milliseconds m_min_interval;
  std::size_t m_max_runs;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::map<std::string, Slot> m_slots;
  std::size_t m_running = 0;
};

} // namespace emready::exporter
