#include "emready/agent/agent.hpp"

#include "emready/agent/backup_crypto.hpp"
#include "emready/agent/http_client.hpp"
#include "emready/agent/mqtt_client.hpp"
#include "emready/agent/resolve.hpp"
#include "emready/profile/profile.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <cmath>
#include <optional>
#include <set>
#include <chrono>
#include <functional>
#include <stdexcept>

namespace emready::agent {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// What the steps of one run share.
struct Run
{
  const AgentOptions& options;
  Route route;
  std::string local_ip; // the device's address as the backend sees it (from a connection)
  json last_telemetry;
  std::optional<Bytes> uploaded; // the plain settings backed up in this run
};

std::string device_path(const AgentOptions& o, const std::string& rest = "")
{
  return "/v1/tenants/" + o.tenant + "/devices/" + o.serial + rest;
}

HttpResponse call(Run& run, const std::string& host, HttpRequest request)
{
  request.host = host;
  request.token = run.options.token;
  auto response = send_request(run.route, request);
  if (!response.local_ip.empty()) {
    run.local_ip = response.local_ip;
  }
  return response;
}

void expect_status(const HttpResponse& response, std::initializer_list<long> wanted,
                   StepResult& step)
{
  step.facts["status"] = response.status;
  if (std::find(wanted.begin(), wanted.end(), response.status) == wanted.end()) {
    throw std::runtime_error("HTTP " + std::to_string(response.status) + ": " +
                             response.body.substr(0, 300));
  }
}

void step_resolve(Run& run, StepResult& step)
{
  const auto& o = run.options;
  if (!o.route.proxy.empty()) {
    step.detail = "skipped lookups: the proxy resolves the names";
    return;
  }
  std::vector<std::string> failed;
  const std::set<std::string> hosts{o.api_host, o.mqtt_host, o.backup_host};
  for (const auto& host : hosts) {
    const auto answer = resolve_ipv4(host, o.dns_servers, std::chrono::seconds(3));
    step.facts[host] = {{"status", dns::to_string(answer.status)},
                        {"addresses", answer.addresses}, {"ms", answer.ms}};
    if (answer.addresses.empty()) {
      failed.push_back(host + " (" + dns::to_string(answer.status) + ")");
    } else {
      run.route.addresses[host] = answer.addresses.front();
    }
  }
  if (!failed.empty()) {
    std::string text = "no address for";
    for (const auto& each : failed) {
      text += " " + each;
    }
    throw std::runtime_error(text);
  }
  step.detail = std::to_string(hosts.size()) + " hosts resolved";
}

void step_register(Run& run, StepResult& step)
{
  const auto& o = run.options;
  // Sign in first: it checks the token and shows the device's address as the backend sees it.
  expect_status(call(run, o.api_host, {"GET", "", 443, "/v1/tenants/" + o.tenant, "", "", ""}),
                {200}, step);
  // Only what the seed says eM collects: no user names, document names or job content.
  const json device = {{"customer", "emready lab customer"},
                       {"product_name", "imageRUNNER ADVANCE DX C5840i"},
                       {"serial_number", o.serial},
                       {"location", "lab, floor 1"},
                       {"ip_address", run.local_ip}};
  const auto response = call(run, o.api_host, {"PUT", "", 443, device_path(o), "",
                                               "application/json", device.dump()});
  expect_status(response, {200, 201}, step);
  step.detail = response.status == 201 ? "device registered" : "device registration updated";
}

void step_telemetry_https(Run& run, StepResult& step)
{
  const auto& o = run.options;
  const json telemetry = {{"status", "idle"}, {"alarms", json::array()}};
  const auto response = call(run, o.api_host, {"POST", "", 443, device_path(o, "/telemetry"),
                                               "", "application/json", telemetry.dump()});
  expect_status(response, {200, 201, 202}, step);
  run.last_telemetry = telemetry; // what telemetry-stored expects: the last one accepted
  step.detail = "status sent over HTTPS";
}

void step_telemetry_mqtt(Run& run, StepResult& step, std::uint16_t port)
{
  const auto& o = run.options;
  const auto alpn = profile::device_alpn(profile::Protocol::mqtt_tls, port);
  const json telemetry = {
    {"status", "printing"},
    {"alarms", {"E000-0001 toner low (MQTT " + std::to_string(port) + ")"}}};
  mqtt::Connect connect{o.serial, o.tenant, o.token, 60};
  mqtt::Publish publish{"em/" + o.tenant + "/devices/" + o.serial + "/telemetry",
                        telemetry.dump(), 1, 1};
  const auto outcome = publish_once(run.route, o.mqtt_host, port, alpn, connect, publish);
  run.last_telemetry = telemetry; // acknowledged with PUBACK
  step.facts["alpn"] = outcome.alpn;
  step.facts["topic"] = publish.topic;
  if (!alpn.empty() && outcome.alpn != alpn) {
    throw std::runtime_error("the server did not select ALPN " + alpn);
  }
  step.detail = "published with QoS 1 and got PUBACK" +
                (alpn.empty() ? std::string() : " (ALPN " + alpn + ")");
}

void step_telemetry_stored(Run& run, StepResult& step)
{
  const auto& o = run.options;
  const auto response = call(run, o.api_host, {"GET", "", 443, device_path(o), "", "", ""});
  expect_status(response, {200}, step);
  const auto device = json::parse(response.body, nullptr, false);
  const auto stored = device.is_object() ? device.value("telemetry", json()) : json();
  step.facts["stored"] = stored;
  if (run.last_telemetry.is_null()) {
    step.detail = "device readable (no telemetry sent in this run to compare)";
    return;
  }
  const auto same = stored.is_object() && stored.value("status", json()) ==
                                            run.last_telemetry["status"] &&
                    stored.value("alarms", json()) == run.last_telemetry["alarms"];
  if (!same) { // the backend adds its own "time"
    throw std::runtime_error("the backend holds " + stored.dump() + ", the device last sent " +
                             run.last_telemetry.dump());
  }
  step.detail = "the backend holds the last telemetry sent";
}

std::string backup_context(const AgentOptions& o)
{
  return o.tenant + "/" + o.serial;
}

void step_backup_upload(Run& run, StepResult& step)
{
  const auto& o = run.options;
  const json settings = {{"serial_number", o.serial},
                         {"settings", {{"paper_size", "A4"}, {"duplex", true},
                                       {"sleep_minutes", 15}, {"address_book_entries", 42}}}};
  const auto text = settings.dump();
  const Bytes plain(text.begin(), text.end());
  const auto sealed = seal_backup(o.key, backup_context(o), plain);
  const auto response = call(run, o.backup_host,
                             {"PUT", "", 443, device_path(o, "/backup"), "",
                              "application/octet-stream",
                              std::string(sealed.begin(), sealed.end())});
  expect_status(response, {200, 201}, step);
  run.uploaded = plain;
  step.facts["plain_bytes"] = plain.size();
  step.facts["sealed_bytes"] = sealed.size();
  step.detail = "settings sealed with AES-256-GCM on the device and uploaded";
}

void step_backup_restore(Run& run, StepResult& step)
{
  const auto& o = run.options;
  const auto response = call(run, o.backup_host,
                             {"GET", "", 443, device_path(o, "/backup"), "", "", ""});
  expect_status(response, {200}, step);
  const Bytes sealed(response.body.begin(), response.body.end());
  step.facts["sealed_bytes"] = sealed.size();
  const auto plain = open_backup(o.key, backup_context(o), sealed);
  if (!plain) {
    throw std::runtime_error("backup rejected: its AES-256-GCM tag does not verify "
                             "(tampered, truncated, or sealed with another key or device)");
  }
  if (run.uploaded && *plain != *run.uploaded) {
    throw std::runtime_error("the restored settings differ from those uploaded");
  }
  step.detail = "backup authentic; settings restored";
}

// The steps in the order a device takes them: name, what it does, how.
struct Step
{
  const char* name;
  const char* what;
  void (*run)(Run&, StepResult&);
};

const Step k_step_table[] = {
  {"resolve", "resolve the API, MQTT and backup hosts", step_resolve},
  {"register", "sign in and register the device", step_register},
  {"telemetry-https", "send status over HTTPS", step_telemetry_https},
  {"telemetry-mqtt-8883", "publish status over MQTT on 8883",
   [](Run& run, StepResult& step) { step_telemetry_mqtt(run, step, 8883); }},
  {"telemetry-mqtt-443", "publish status over MQTT on 443 (ALPN)",
   [](Run& run, StepResult& step) { step_telemetry_mqtt(run, step, 443); }},
  {"telemetry-stored", "check the backend stored the last status", step_telemetry_stored},
  {"backup-upload", "seal and upload a settings backup", step_backup_upload},
  {"backup-restore", "download, verify and open it again", step_backup_restore},
};

} // namespace

std::vector<StepResult> run_agent(const AgentOptions& options)
{
  Run run{options, options.route, "", json(), std::nullopt};
  std::vector<StepResult> results;
  for (const auto& entry : k_step_table) {
    const std::string name = entry.name;
    // `resolve` always runs: the other steps dial the addresses it finds.
    if (!options.steps.empty() && name != "resolve" &&
        std::find(options.steps.begin(), options.steps.end(), name) == options.steps.end()) {
      continue;
    }
    StepResult step{name, false, 0, "", json::object()};
    const auto start = Clock::now();
    try {
      entry.run(run, step);
      step.ok = true;
    } catch (const std::exception& e) {
      step.detail = e.what();
    }
    step.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    results.push_back(std::move(step));
  }
  return results;
}

const std::vector<std::string>& step_names()
{
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : k_step_table) {
      out.emplace_back(entry.name);
    }
    return out;
  }();
  return names;
}

std::string steps_help()
{
  std::string out;
  for (const auto& entry : k_step_table) {
    out += fmt::format("  {:<21} {}\n", entry.name, entry.what);
  }
  return out;
}

json agent_report(const AgentOptions& options, const std::vector<StepResult>& steps)
{
  json out = {{"tenant", options.tenant}, {"serial", options.serial},
              {"proxy", !options.route.proxy.empty()}, {"steps", json::array()}};
  bool ok = !steps.empty();
  for (const auto& step : steps) {
    ok = ok && step.ok;
    out["steps"].push_back({{"name", step.name}, {"ok", step.ok},
                            {"ms", std::round(step.ms * 10) / 10}, {"detail", step.detail},
                            {"facts", step.facts}});
  }
  out["ok"] = ok;
  return out;
}

} // namespace emready::agent
