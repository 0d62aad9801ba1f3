#include "emready/lab/services/api_route.hpp"
#include "emready/lab/services/tenant_path.hpp"
#include "emready/lab/services/tenant_tree.hpp"

#include <doctest/doctest.h>

using namespace emready::lab::http;
using namespace emready::lab::services;

TEST_CASE("unit: lab tenants: the isolation matrix (parent, self, child, sibling, cousin)")
{
  // caller reaches target's objects (read, write, delete devices/backups/telemetry)?
  struct Cell
  {
    const char* caller;
    const char* target;
    bool reach;
    bool delete_tenant;
  };
  const Cell cells[] = {
    {"root", "root", true, false},          // nobody deletes itself, so nobody deletes root
    {"root", "root/eu", true, true},        // parent
    {"root", "root/eu/dk", true, true},     // grandparent
    {"root/eu", "root/eu", true, false},    // self
    {"root/eu", "root/eu/dk", true, true},  // parent
    {"root/eu/dk", "root/eu", false, false}, // child → parent
    {"root/eu/dk", "root", false, false},   // child → grandparent
    {"root/eu", "root/us", false, false},   // sibling
    {"root/eu/dk", "root/eu/se", false, false}, // sibling
    {"root/eu/dk", "root/us/ca", false, false}, // cousin
    {"root/eu", "root/eu-west", false, false},  // a name prefix is not an ancestor
    {"root/eu", "root/eux/dk", false, false},
  };
  for (const auto& cell : cells) {
    CAPTURE(cell.caller);
    CAPTURE(cell.target);
    CHECK(reaches(cell.caller, cell.target) == cell.reach);
    CHECK(may_delete_tenant(cell.caller, cell.target) == cell.delete_tenant);
  }
}

TEST_CASE("unit: lab tenants: ids, names and serials")
{
  CHECK(valid_tenant_id("root"));
  CHECK(valid_tenant_id("root/eu/dk-1"));
  CHECK(!valid_tenant_id("root/"));
  CHECK(!valid_tenant_id("root//eu"));
  CHECK(!valid_tenant_id("rooty"));
  CHECK(!valid_tenant_id("eu"));
  CHECK(!valid_tenant_id("root/EU"));
  CHECK(!valid_tenant_id("root/devices"));
  CHECK(!valid_tenant_id("root/a/b/c/d/e/f/g/h/i")); // 9 levels
  CHECK(valid_tenant_id("root/a/b/c/d/e/f/g/h"));
  CHECK(!valid_tenant_name(std::string(33, 'a')));
  CHECK(!valid_tenant_name("children"));
  CHECK(parent_of("root/eu/dk") == "root/eu");
  CHECK(parent_of("root").empty());
  CHECK(valid_serial("SN-123_x"));
  CHECK(!valid_serial("SN.1"));
  CHECK(!valid_serial(""));
}

TEST_CASE("unit: lab tenants: routes split tenant ids from resources")
{
  const auto route = [](const std::string& path) { return parse_route(path); };
  const auto backup = route("/v1/tenants/root/eu/dk/devices/SN1/backup");
  REQUIRE(std::holds_alternative<Route>(backup));
  CHECK(std::get<Route>(backup).resource == Resource::backup);
  CHECK(std::get<Route>(backup).tenant == "root/eu/dk");
  CHECK(std::get<Route>(backup).serial == "SN1");
  CHECK(std::get<Route>(route("/v1/tenants/root/eu/children")).resource == Resource::children);
  CHECK(std::get<Route>(route("/v1/tenants/root")).resource == Resource::tenant);
  CHECK(std::get<Route>(route("/v1/audit")).resource == Resource::audit);
  CHECK(std::get<HttpError>(route("/v1/tenants/root/devices/SN.1")).status == 400);
  CHECK(std::get<HttpError>(route("/v1/tenants/eu")).status == 400);
  CHECK(std::get<HttpError>(route("/v1/tenants/root/devices/S/other")).status == 404);
  CHECK(std::get<HttpError>(route("/v1/nothing")).status == 404);
  CHECK(is_api_path("/v1/audit"));
  CHECK(!is_api_path("/"));
  CHECK(!is_api_path("/v10"));
}

TEST_CASE("unit: lab tenants: the tree round-trips through JSON and removes subtrees")
{
  TenantTree tree("h-root");
  tree.add("root/eu", "h-eu");
  tree.add("root/eu/dk", "h-dk");
  tree.add("root/eu-west", "h-west");
  tree.find("root/eu/dk")->devices["SN1"].fields = {{"serial_number", "SN1"}};
  auto copy = TenantTree::from_json(tree.to_json());
  CHECK(copy.owner_of("h-dk") == "root/eu/dk");
  CHECK(copy.find("root/eu/dk")->devices.contains("SN1"));
  CHECK(copy.children_of("root") == std::vector<std::string>{"root/eu", "root/eu-west"});
  const auto removed = copy.remove_subtree("root/eu");
  CHECK(removed == std::vector<std::pair<std::string, std::string>>{{"root/eu/dk", "SN1"}});
  CHECK(!copy.owner_of("h-dk"));
  CHECK(copy.find("root/eu-west") != nullptr);
  copy.set_root_token("h-new");
  CHECK(!copy.owner_of("h-root"));
  CHECK(copy.owner_of("h-new") == "root");
  auto orphan = tree.to_json();
  orphan["tenants"].erase("root/eu");
  CHECK_THROWS(TenantTree::from_json(orphan));
}
