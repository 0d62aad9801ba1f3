#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace emready::core {

// Descriptors kept back from concurrent work: stdio, DNS sockets, libcurl's wake-up pair,
// files being read or written.
inline constexpr std::size_t k_reserved_descriptors = 64;

// How a run fits the open-file limit.
struct DescriptorBudget
{
  std::uint64_t soft_limit = 0;  // the soft RLIMIT_NOFILE to set (never above the hard one)
  std::size_t concurrency = 1;   // tasks in flight that fit under it (at least 1)
};

// The budget for `wanted` concurrent tasks of `per_task` descriptors each, given the current
// soft and hard limits: the soft limit rises as far as needed and allowed, and where even the
// hard limit is too low, the concurrency shrinks to what fits. Pure: the caller applies it.
DescriptorBudget plan_descriptors(std::uint64_t soft, std::uint64_t hard, std::size_t wanted,
                                  std::size_t per_task = 1,
                                  std::size_t reserve = k_reserved_descriptors);

// Applies plan_descriptors() to this process (getrlimit/setrlimit on RLIMIT_NOFILE) and
// returns the concurrency that fits. The one place emready raises its open-file limit.
std::size_t fit_open_file_limit(std::size_t wanted, std::size_t per_task = 1,
                                std::size_t reserve = k_reserved_descriptors);

// errno values that say this process, not the network, ran short: EMFILE, ENFILE, ENOBUFS,
// ENOMEM. Such a failure is never an endpoint's verdict.
bool is_local_exhaustion(int error);

// A run that ran out of a local resource (descriptors, buffers, memory) where retrying with
// less in flight did not help: an internal error of the run (exit 3), reported once.
class LocalExhaustion : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

// Throws LocalExhaustion for `error` met while doing `doing` ("opening a socket for a probe"),
// naming the open-file limit and how to raise it.
[[noreturn]] void throw_local_exhaustion(const std::string& doing, int error);

} // namespace emready::core
