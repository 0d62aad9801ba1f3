#include "emready/report/junit.hpp"

#include <doctest/doctest.h>

using namespace emready;

// Moved from test_check_network.cpp (tests follow the layout).
TEST_CASE("unit: JUnit text is escaped")
{
  CHECK(report::xml_escape("a<b & \"c\" 'd'>\x01") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
}
