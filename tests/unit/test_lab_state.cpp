#include "emready/lab/services/audit_log.hpp"
#include "emready/lab/services/service_state.hpp"
#include "emready/lab/state/atomic_file.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <stdlib.h>

using namespace emready::lab::state;
using namespace emready::lab::services;

namespace {

// A fresh directory, removed again at the end of the test.
struct TempDir
{
  std::filesystem::path path;
  TempDir()
  {
    auto pattern = (std::filesystem::temp_directory_path() / "emready-unit-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void write_raw(const std::filesystem::path& path, const std::string& text)
{
  std::ofstream(path, std::ios::binary) << text;
}

AuditEntry entry(const std::string& tenant)
{
  return {"2026-01-01T00:00:00Z", "root", "create", "device", tenant, "SN1"};
}

} // namespace

TEST_CASE("unit: lab state: atomic writes replace whole files and leave no temporary file")
{
  const TempDir dir;
  const auto file = dir.path / "f.json";
  write_atomically(file, "old", 0600);
  write_atomically(file, std::string(100000, 'n'), 0600);
  CHECK(read_whole_file(file) == std::string(100000, 'n'));
  CHECK(std::filesystem::status(file).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                      std::filesystem::directory_iterator()) == 1);
  CHECK(!read_whole_file(dir.path / "missing"));
  CHECK(is_atomic_temp_name("tenants.json.tmp-a1B2c3"));
  CHECK(!is_atomic_temp_name("tenants.json"));
  CHECK_THROWS(write_atomically(dir.path / "no" / "such" / "dir", "x", 0600));
}

TEST_CASE("unit: lab state: the audit log ignores a torn last line and cuts it off")
{
  const auto line = entry("root/eu").to_json().dump() + "\n";
  auto parse = parse_audit_log(line + line + R"({"time":"2026-01-01T0)");
  CHECK(parse.entries.size() == 2);
  CHECK(parse.torn);
  CHECK(parse.complete_bytes == 2 * line.size());
  CHECK(parse.entries[1].object() == "device root/eu/SN1");
  CHECK(parse_audit_log(line + "garbage\n" + line).skipped == 1);
  CHECK(!parse_audit_log("").torn);

  const TempDir dir;
  const auto path = dir.path / "audit.jsonl";
  write_raw(path, line + R"({"time":"2026-01-01T0)");
  {
    AuditLog log(path);
    CHECK(log.entries().size() == 1);
    log.append(entry("root/us"));
  }
  const auto reread = parse_audit_log(*read_whole_file(path));
  CHECK(!reread.torn);
  CHECK(reread.skipped == 0);
  REQUIRE(reread.entries.size() == 2);
  CHECK(reread.entries[1].tenant == "root/us");
}

TEST_CASE("unit: lab state: tenants, devices, backups and the root token survive a restart")
{
  const TempDir dir;
  std::string token;
  {
    ServiceState state(dir.path, "");
    token = state.root_token();
    CHECK(token.size() == 64);
    state.tree().add("root/eu", "h-eu");
    state.tree().find("root/eu")->devices["SN1"].fields = {{"serial_number", "SN1"}};
    state.save_tree();
    state.backups().put("root/eu", "SN1", std::string("\0\1\2", 3));
    state.backups().put("root/gone", "SN9", "orphan"); // no such device: pruned at start
    state.record(entry("root/eu"));
  }
  write_raw(dir.path / "tenants.json.tmp-abcdef", "{ half"); // a write a crash interrupted
  {
    ServiceState state(dir.path, "");
    CHECK(state.root_token() == token);
    CHECK(state.tree().owner_of("h-eu") == "root/eu");
    CHECK(state.backups().get("root/eu", "SN1") == std::string("\0\1\2", 3));
    CHECK(!state.backups().exists("root/gone", "SN9"));
    CHECK(state.audit().entries().size() == 1);
    CHECK(!std::filesystem::exists(dir.path / "tenants.json.tmp-abcdef"));
  }
  const std::string pinned = "lab-root-token-0123456789";
  ServiceState state(dir.path, pinned);
  CHECK(state.root_token() == pinned);
  CHECK(read_whole_file(dir.path / "root-token") == pinned + "\n");
}

TEST_CASE("unit: lab state: an unreadable tenants.json is an error, not a silent reset")
{
  const TempDir dir;
  write_raw(dir.path / "tenants.json", "{\"version\": 1, \"tenants\": {\"root/eu\": {}}}");
  CHECK_THROWS_WITH(ServiceState(dir.path, ""),
                    doctest::Contains("is unreadable"));
}
