#pragma once

#include <cstddef>
#include <cstdint>

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

} // namespace emready::core
