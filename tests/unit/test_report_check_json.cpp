#include "emready/check/analyse.hpp"
#include "emready/plan/target.hpp"
#include "emready/profile/catalog.hpp"
#include "emready/report/check_report.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace emready;

TEST_CASE("unit: the streamed JSON report is byte for byte the JSON tree's dump")
{
  const auto catalog = profile::Catalog::builtin();
  const auto profiles = catalog.select({"erds"});
  const auto targets = plan::plan_targets(profiles);
  std::vector<check::HostResult> hosts;
  for (const auto& target : targets) {
    check::HostObservation seen;
    seen.host = target.host;
    seen.dns_finished = true;
    dns::Answer answer;
    answer.family = 4;
    answer.status = target.host.find("a01") != std::string::npos ? dns::Status::nxdomain : dns::Status::ok;
    if (answer.status == dns::Status::ok) {
      answer.addresses = {"52.28.10.5"};
      check::Observation probe;
      probe.address = "52.28.10.5";
      probe.family = 4;
      probe.port = 443;
      probe.os_errno = 111; // ECONNREFUSED
      probe.error = "Connection refused \"quoted\"";
      seen.probes.push_back(probe);
    }
    seen.answers.push_back(answer);
    hosts.push_back(check::judge_host(target, seen, {}));
  }
  auto result = check::analyse(std::move(hosts), profiles, rules::dialect_named("squid"));
  std::ostringstream streamed;
  const nlohmann::json head{{"schema_version", "1.0"}, {"command_line", {"emready", "check", "\"endpoints\": []"}}};
  report::write_check_json(result, head, streamed);
  CHECK(streamed.str() == report::check_json(result, head).dump(2) + "\n");
  CHECK(nlohmann::json::parse(streamed.str())["endpoints"].size() == targets.size());

  check::CheckResult empty;
  empty.dialect = "plain";
  std::ostringstream none;
  report::write_check_json(empty, {}, none);
  CHECK(none.str() == report::check_json(empty).dump(2) + "\n");
}
