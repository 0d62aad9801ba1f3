#pragma once

// A deterministic `emready check` run for the report golden tests: two hand-written agent
// profiles (not the built-in ones, so profile updates do not churn the golden files) and
// fixed observations, judged by the real check::judge_hosts and check::analyse.
//
//   cca  NOT READY: rgt ok over IPv4 (IPv6 unreachable), kinesis tcp-timeout on both
//                   addresses, cognito dns-sinkhole, the IoT endpoint ok on 443 (client
//                   certificate requested) while 8883 is refused.
//   erds NOT READY: rgt (shared with cca), a01.ugwdevice.net intercepted (tls-untrusted,
//                   Palo Alto), gdlp01.c-wss.com on a private address with an expired
//                   certificate, cnvextdata conditional and NXDOMAIN.

#include "emready/check/result.hpp"
#include "emready/profile/profile.hpp"
#include "emready/report/compliance.hpp"

#include <vector>

namespace emready::test {

struct CheckFixture
{
  std::vector<profile::Profile> profiles;
  std::vector<plan::Target> targets; // what result.hosts point into
  check::CheckResult result;

  std::vector<const profile::Profile*> profile_pointers() const;
  // The same observations analysed for `dialect`'s missing rules.
  check::CheckResult analysed(const std::string& dialect) const;
};

// Built once; the dialect is "plain" (the default of `emready check`).
const CheckFixture& check_fixture();

// Fixed run facts for the Markdown report.
report::RunFacts fixed_run_facts();

} // namespace emready::test
