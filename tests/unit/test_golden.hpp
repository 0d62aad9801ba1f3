#pragma once

// Golden-file comparison for report tests. The files live in tests/golden/; running the unit
// tests with EMREADY_UPDATE_GOLDEN=1 rewrites them from the current output instead of
// comparing (see tests/golden/README.md).

#include <string>

namespace emready::test {

// Checks `actual` against tests/golden/`name` (a doctest CHECK failure naming the first
// differing line), or rewrites the file when EMREADY_UPDATE_GOLDEN=1.
void check_golden(const std::string& name, const std::string& actual);

} // namespace emready::test
