#pragma once

#include "emready/pac/pac_script.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace emready::pac {

// One FindProxyForURL(url, host) call.
struct PacQuery
{
  std::string url;
  std::string host;
};

// Evaluates `source` (named `name` in messages) and answers every query, in a child process
// so that no PAC file can hang, crash or bloat emready: the file's top level and each call
// get `per_call` of wall time, the heap `environment.memory_limit` bytes. dnsResolve runs
// in the child too (through `environment.resolve`). Throws core::InputError, located as
// "NAME:LINE: …" where the engine knows the line, when the file does not compile, throws,
// loops, runs out of memory or answers something that is not a string.
std::vector<std::string> evaluate_pac(const std::string& source, const std::string& name,
                                      const std::vector<PacQuery>& queries,
                                      const PacEnvironment& environment,
                                      std::chrono::milliseconds per_call);

} // namespace emready::pac
