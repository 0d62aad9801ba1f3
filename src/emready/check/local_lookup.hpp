#pragma once

#include "emready/check/result.hpp"

namespace emready::check {

// True when the proxy reported, beyond itself, that it could not resolve or reach one of
// `host`'s ports (a dns-* or proxy-upstream-failed finding with `beyond_proxy`): a lookup
// by this machine then tells whether the proxy's resolver disagrees with it.
bool wants_local_lookup(const HostResult& host);

// Adds what this machine's own lookup (`local`, A or AAAA) says to each such finding: the
// addresses it found ("the proxy's resolver disagrees with this machine's") or that it
// fails here too.
void add_local_lookup(HostResult& host, const dns::Answer& local);

} // namespace emready::check
