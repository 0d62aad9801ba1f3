#include "emready/core/host_name.hpp"
#include "emready/core/suggest.hpp"

#include <doctest/doctest.h>

using namespace emready::core;

TEST_CASE("unit: RFC 1123 host names")
{
  CHECK(host_name_problem("hbp-ec1l.srv.ygles.com").empty());
  CHECK(host_name_problem("a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com").empty());
  CHECK(host_name_problem("example.com.").empty());
  CHECK(host_name_problem("localhost") == "'localhost' is not a fully qualified host name (it needs a domain)");
  CHECK(host_name_problem("com", 1).empty());
  CHECK(host_name_problem("a..b") == "empty label in 'a..b' (two dots in a row, or a leading dot)");
  CHECK(host_name_problem("-a.com") == "label '-a' starts or ends with '-'");
  CHECK(host_name_problem("a_b.com") ==
        "character '_' is not allowed in a host name (letters, digits, '-')");
  CHECK(host_name_problem(std::string(64, 'a') + ".com").find("at most 63") != std::string::npos);
  CHECK(host_name_problem("10.0.0.1").find("looks like an address") != std::string::npos);
  CHECK(host_name_problem("").find("empty") != std::string::npos);
}

TEST_CASE("unit: label helpers")
{
  CHECK(split_labels("a.b.c") == std::vector<std::string_view>{"a", "b", "c"});
  CHECK(split_labels("").empty());
  CHECK(is_within("a.b.c", "b.c"));
  CHECK(is_within("b.c", "b.c"));
  CHECK_FALSE(is_within("ab.c", "b.c"));
  CHECK_FALSE(is_within("b.c", "a.b.c"));
  CHECK(to_lower("AbC.COM") == "abc.com");
}

TEST_CASE("unit: did you mean")
{
  const std::vector<std::string> agents{"cca", "cdca-v1", "cdca-v2", "erds", "rdms"};
  CHECK(did_you_mean("cdca-v3", agents) == " (did you mean 'cdca-v1'?)");
  CHECK(did_you_mean("edrs", agents) == " (did you mean 'erds'?)");
  CHECK(did_you_mean("firewall", agents).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
}
