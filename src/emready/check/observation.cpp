#include "emready/check/observation.hpp"

#include <algorithm>

namespace emready::check {

bool ChainCheck::has(ChainProblem problem) const
{
  return std::find(problems.begin(), problems.end(), problem) != problems.end();
}

} // namespace emready::check
