#pragma once

#include "emready/dns/answer.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace emready::probe {

// The answer's status for a c-ares status code (ARES_ENOTFOUND is NXDOMAIN, …).
dns::Status status_of(int ares_status);

// The names of the CNAME chain `chain` (query name first), each once ("a, b"), when it
// names one twice: a loop. "" when it does not.
std::string cname_loop(const std::vector<std::string>& chain);

// The first question of a DNS response `data` (any message c-ares may drop), and its TC bit;
// nullopt for a query, a message without a question, or one that cannot be read.
struct ReplyQuestion
{
  std::string name;
  int type = 0;
  bool truncated = false;
};
std::optional<ReplyQuestion> reply_question(const unsigned char* data, std::size_t size);

// Addresses and the CNAME chain of an A (`family` 4) or AAAA (6) reply of `alen` bytes,
// as c-ares reads it; a reply it cannot read sets the status and detail instead.
void parse_reply(int family, const unsigned char* abuf, int alen, dns::Answer& answer);

} // namespace emready::probe
