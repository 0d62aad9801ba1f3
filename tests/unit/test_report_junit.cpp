#include "emready/report/junit.hpp"

#include "test_check_fixture.hpp"
#include "test_golden.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready;

// Moved from test_check_network.cpp (tests follow the layout).
TEST_CASE("unit: JUnit text is escaped")
{
  CHECK(report::xml_escape("a<b & \"c\" 'd'>\x01") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
}

TEST_CASE("unit: golden: check JUnit report")
{
  std::ostringstream out;
  report::write_junit(test::check_fixture().result, out);
  test::check_golden("check.junit.xml", out.str());
}
