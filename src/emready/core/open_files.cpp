#include "emready/core/open_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <sys/resource.h>

namespace emready::core {

DescriptorBudget plan_descriptors(std::uint64_t soft, std::uint64_t hard, std::size_t wanted,
                                  std::size_t per_task, std::size_t reserve)
{
  per_task = std::max<std::size_t>(per_task, 1);
  const auto needed = static_cast<std::uint64_t>(wanted) * per_task + reserve;
  DescriptorBudget budget;
  budget.soft_limit = std::max(soft, std::min(needed, hard));
  const auto usable = budget.soft_limit > reserve ? budget.soft_limit - reserve : 0;
  budget.concurrency = std::clamp<std::size_t>(static_cast<std::size_t>(usable / per_task), 1,
                                               std::max<std::size_t>(wanted, 1));
  return budget;
}

std::size_t fit_open_file_limit(std::size_t wanted, std::size_t per_task, std::size_t reserve)
{
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return wanted;
  }
  const auto budget = plan_descriptors(limit.rlim_cur, limit.rlim_max, wanted, per_task, reserve);
  if (budget.soft_limit > limit.rlim_cur) {
    limit.rlim_cur = budget.soft_limit;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      return plan_descriptors(limit.rlim_max, limit.rlim_max, wanted, per_task, reserve).concurrency;
    }
  }
  return budget.concurrency;
}

bool is_local_exhaustion(int error)
{
  return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

void throw_local_exhaustion(const std::string& doing, int error)
{
  rlimit limit{};
  std::string hint;
  if (error == EMFILE && getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    hint = fmt::format("; the open-file limit is {} (raise it with 'ulimit -n')",
                       limit.rlim_cur);
  } else if (error == ENFILE) {
    hint = "; the system's file table is full (fs.file-max)";
  }
  throw LocalExhaustion(fmt::format("{}: {}{}. Nothing is judged on what could not be opened.",
                                    doing, std::strerror(error), hint));
}

} // namespace emready::core
