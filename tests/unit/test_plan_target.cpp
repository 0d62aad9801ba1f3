#include "emready/plan/target.hpp"
#include "emready/profile/catalog.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace emready::plan;

TEST_CASE("unit: port clauses merge so that the stricter need wins")
{
  CHECK(merge_clauses({{443, 8883}, {443}}) == std::vector<PortClause>{{443}});
  CHECK(merge_clauses({{443}, {443}}) == std::vector<PortClause>{{443}});
  CHECK(merge_clauses({{443, 8883}, {443, 8883}}) == std::vector<PortClause>{{443, 8883}});
  CHECK(merge_clauses({{443}, {8883}}) == std::vector<PortClause>{{443}, {8883}});
  CHECK(meets({{443, 8883}}, {8883}));
  CHECK_FALSE(meets({{443}, {8883}}, {8883}));
}

TEST_CASE("unit: one target per host, who needs it is kept")
{
  const auto catalog = emready::profile::Catalog::builtin();
  const auto targets = plan_targets(catalog.select({"cca", "cdca-v2-cca", "erds", "backup"}));
  const auto find = [&](const std::string& host) {
    return *std::find_if(targets.begin(), targets.end(), [&](auto& t) { return t.host == host; });
  };
  const auto iot = find("a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com");
  CHECK(iot.agents() == std::vector<std::string>{"cca", "cdca-v2-cca", "backup"});
  CHECK(iot.ports == std::vector<std::uint16_t>{443, 8883});
  CHECK(iot.clauses() == std::vector<PortClause>{{443}}); // cdca-v2-cca needs 443 (assumed)
  const auto cnv = find("cnvextdata-an1s.srv.ygles.com");
  CHECK(cnv.required()); // conditional for erds, but the backup service requires it
  const auto cca_only = plan_targets(catalog.select({"cca"}));
  CHECK(cca_only.back().clauses() == std::vector<PortClause>{{443, 8883}});
  const auto erds = plan_targets(catalog.select({"erds"}));
  CHECK_FALSE(erds.back().required());
  CHECK(erds.back().conditions().size() == 1);
}
