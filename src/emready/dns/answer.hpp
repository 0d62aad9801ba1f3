#pragma once

#include <string>
#include <vector>

namespace emready::dns {

// How a query ended.
enum class Status
{
  ok,       // NOERROR with addresses
  nodata,   // NOERROR, no address of this family
  nxdomain, // NXDOMAIN
  servfail, // SERVFAIL
  refused,  // REFUSED
  timeout,  // no answer before the deadline
  malformed, // replies came that cannot be read or do not match the query (wrong ID,
             // another question, a looping CNAME chain)
  error,    // anything else (no resolver reachable, …)
};

// "NOERROR", "NXDOMAIN", … or the failure's name, as reports show it.
const char* to_string(Status status);

// One A or AAAA lookup.
struct Answer
{
  int family = 0;                     // 4 or 6
  Status status = Status::error;
  std::string detail;                 // the resolver library's message when not ok
  std::vector<std::string> addresses; // in answer order
  std::vector<std::string> cnames;    // the CNAME chain, query name first
  double ms = 0;                      // time to answer
};

} // namespace emready::dns
