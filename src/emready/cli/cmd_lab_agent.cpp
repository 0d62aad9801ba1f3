// `emready lab agent`: the reference device agent (lab software only).
#include "emready/agent/agent.hpp"
#include "emready/agent/backup_crypto.hpp"
#include "emready/cli/commands.hpp"
#include "emready/core/error.hpp"
#include "emready/core/port_map.hpp"
#include "emready/probe/proxy_settings.hpp"

#include <cstdlib>
#include <iostream>

namespace emready::cli {

namespace {

struct AgentCliOptions
{
  agent::AgentOptions agent;
  std::string proxy;
  std::vector<std::string> port_map;
  std::string key_file;
  double timeout = 10;
};

const char* const k_agent_footer = R"(
LAB AND TEST SOFTWARE - NOT FOR PRODUCTION. Acts as a CCA device against whatever answers
the eM names (normally 'emready lab serve'): resolves them, connects directly or through the
proxy, registers the device, sends status over HTTPS and over MQTT (8883, and 443 with ALPN
x-amzn-mqtt-ca), checks the backend stored it, then seals a settings backup with AES-256-GCM
on the device (the key stays in --key-file) and uploads, downloads and opens it again.

Prints one JSON report (each step: ok, ms, detail, facts). Exit codes: 0 every step worked,
1 a step failed, 2 usage or input error.

Example, against a lab started with 'emready lab serve --scenario lab.yaml':
  emready lab agent --tenant root --token $ROOT_TOKEN --ca-file /tmp/x/lab-ca.pem \
    --dns-server 127.0.0.1:40123 --port-map 443=10443,8883=18883 --key-file device.key
)";

// The first endpoint of `agent`'s profile speaking `protocol`, "" when there is none.
std::string first_host(const profile::Catalog& catalog, const std::string& agent,
                       profile::Protocol protocol)
{
  if (const auto* p = catalog.find(agent)) {
    for (const auto& e : p->endpoints) {
      if (e.protocol == protocol) {
        return e.host;
      }
    }
  }
  return "";
}

void fill_defaults(AgentCliOptions& o, const profile::Catalog& catalog)
{
  auto& a = o.agent;
  if (a.api_host.empty()) {
    a.api_host = first_host(catalog, "cca", profile::Protocol::https);
  }
  if (a.mqtt_host.empty()) {
    a.mqtt_host = first_host(catalog, "cca", profile::Protocol::mqtt_tls);
  }
  if (a.backup_host.empty()) {
    a.backup_host = first_host(catalog, "backup", profile::Protocol::https);
  }
  if (a.api_host.empty() || a.mqtt_host.empty() || a.backup_host.empty()) {
    throw core::InputError("the cca or backup profile has no HTTPS or MQTT endpoint; "
                           "give --api-host, --mqtt-host and --backup-host");
  }
  if (o.key_file.empty()) {
    o.key_file = "emready-lab-" + a.serial + ".key";
  }
  const auto proxy = probe::proxy_settings(o.proxy, o.proxy.empty(),
                                           [](const char*) { return std::string(); }, "--proxy");
  a.route.proxy = proxy ? proxy->url : "";
  if (proxy) {
    a.route.proxy_user = proxy->credentials.user;
    a.route.proxy_password = proxy->credentials.password;
  }
  a.route.port_map =
    core::with_context("--port-map", [&] { return core::PortMap::parse(o.port_map); });
  a.route.timeout_ms = static_cast<long>(o.timeout * 1000);
  a.key = agent::BackupKey::load_or_create(o.key_file); // a bad file is an input error, now
}

} // namespace

void add_lab_agent_command(CLI::App& lab_command, Context& context)
{
  auto& options = context.own<AgentCliOptions>();
  auto& a = options.agent;
  auto* command = lab_command.add_subcommand(
    "agent", "Act as a CCA device against the lab: register, telemetry, MQTT, backup (lab only)");
  command->add_option("--tenant", a.tenant, "Tenant id, e.g. root/eu/dk")->required();
  command->add_option("--token", a.token, "The tenant's bearer token (also the MQTT password)")
    ->required();
  command->add_option("--serial", a.serial, "The device's serial number")->capture_default_str();
  command->add_option("--key-file", options.key_file,
                      "The device's backup key, created when missing "
                      "(default: emready-lab-SERIAL.key)")->type_name("FILE");
  command->add_option("--proxy", options.proxy, "Go through this HTTP CONNECT proxy")
    ->type_name("URL");
  command->add_option("--ca-file", a.route.ca_file, "Trust these CA certificates (PEM)")
    ->type_name("FILE");
  command->add_option("--dns-server", a.dns_servers, "Resolve with this server (repeatable)")
    ->type_name("IP[:PORT]");
  command->add_option("--port-map", options.port_map, "Dial other ports, e.g. 443=10443")
    ->type_name("P=Q[,...]");
  command->add_option("--timeout", options.timeout, "Seconds per request")
    ->check(CLI::PositiveNumber)->capture_default_str();
  command->add_option("--step", a.steps, "Run only these steps (repeatable; resolve always runs)")
    ->check(CLI::IsMember(agent::step_names()));
  command->add_option("--api-host", a.api_host, "HTTPS API host (default: the cca profile's)");
  command->add_option("--mqtt-host", a.mqtt_host, "MQTT host (default: the cca profile's)");
  command->add_option("--backup-host", a.backup_host,
                      "Data Backup Service host (default: the backup profile's)");
  command->footer(std::string(k_agent_footer) + "\nSteps:\n" + agent::steps_help());
  command->callback([&] {
    fill_defaults(options, context.load_catalog());
    const auto steps = agent::run_agent(options.agent);
    const auto report = agent::agent_report(options.agent, steps);
    std::cout << report.dump(2) << "\n";
    context.exit_code = report["ok"].get<bool>() ? 0 : 1;
  });
}

} // namespace emready::cli
