#pragma once

#include "emready/dns/answer.hpp"

namespace emready::probe {

// The answer's status for a c-ares status code (ARES_ENOTFOUND is NXDOMAIN, …).
dns::Status status_of(int ares_status);

// Addresses and the CNAME chain of an A (`family` 4) or AAAA (6) reply of `alen` bytes,
// as c-ares reads it; a reply it cannot read sets the status and detail instead.
void parse_reply(int family, const unsigned char* abuf, int alen, dns::Answer& answer);

} // namespace emready::probe
