#include "emready/probe/dns_reply.hpp"

#include <doctest/doctest.h>

using emready::probe::cname_loop;

TEST_CASE("unit: a CNAME chain that names a host twice is a loop, named once each")
{
  CHECK(cname_loop({"a.example", "b.example", "A.example"}) == "a.example, b.example");
  CHECK(cname_loop({"a.example", "b.example", "b.example"}) == "a.example, b.example");
  CHECK(cname_loop({"a.example", "b.example", "c.example"}).empty());
  CHECK(cname_loop({}).empty());
}
