#include "emready/report/compliance.hpp"

#include "test_check_fixture.hpp"
#include "test_golden.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready;

TEST_CASE("unit: golden: check Markdown (compliance) report")
{
  std::ostringstream out;
  report::write_compliance(test::check_fixture().result, test::fixed_run_facts(), out);
  test::check_golden("check.md", out.str());
}
