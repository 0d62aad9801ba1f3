#include "emready/probe/dns_reply.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using emready::probe::cname_loop;

TEST_CASE("unit: a CNAME chain that names a host twice is a loop, named once each")
{
  CHECK(cname_loop({"a.example", "b.example", "A.example"}) == "a.example, b.example");
  CHECK(cname_loop({"a.example", "b.example", "b.example"}) == "a.example, b.example");
  CHECK(cname_loop({"a.example", "b.example", "c.example"}).empty());
  CHECK(cname_loop({}).empty());
}

TEST_CASE("unit: the question of a response is read for the resolver's count, a query or a cut name is not")
{
  using emready::probe::reply_question;
  // id 0x1234, QR+RD, TC, 1 question: a.example A IN
  const unsigned char reply[] = {0x12, 0x34, 0x83, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                 1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1};
  const auto question = reply_question(reply, sizeof reply);
  REQUIRE(question);
  CHECK(question->name == "a.example");
  CHECK(question->type == 1);
  CHECK(question->truncated);
  unsigned char query[sizeof reply];
  std::copy(std::begin(reply), std::end(reply), query);
  query[2] = 0x01; // QR clear: a query, not a reply
  CHECK_FALSE(reply_question(query, sizeof query));
  CHECK_FALSE(reply_question(reply, 20));   // the name is cut short
  CHECK_FALSE(reply_question(reply, 24));   // the type is cut short
}
