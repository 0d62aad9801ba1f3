// `emready lab serve`: the reference backend for end-to-end tests (lab software only).
#include "emready/cli/commands.hpp"
#include "emready/lab/lab_server.hpp"
#include "emready/lab/scenario/scenario_reader.hpp"

#include <iostream>

namespace emready::cli {

namespace {

struct LabOptions
{
  std::string scenario;
  lab::ServeOptions serve;
};

const char* const k_lab_footer = R"(
LAB AND TEST SOFTWARE - NOT FOR PRODUCTION. It impersonates Canon's cloud endpoints on
loopback addresses (127.0.0.0/8) with its own CA, so 'emready check' can be tested without
the real network. It never binds anything but loopback and never contacts other addresses.

Once everything listens it prints one JSON line on stdout, e.g.
  {"ready":true,"pid":123,"dns":"127.0.0.1:40123","proxy":"http://127.0.0.1:40124",
   "ca_file":"/tmp/x/lab-ca.pem","inspection_ca_file":"/tmp/x/inspection-ca.pem",
   "state":"/tmp/x","port_map":"443=10443,8883=18883","root_token":"3f1c...",
   "hosts":{"gw.srv.ygles.com":"127.1.0.1"}}
and serves until SIGTERM or SIGINT. Every endpoint that completes a handshake also serves
the services' HTTPS JSON API under /v1 (tenants, devices, telemetry, backups, audit log;
'Authorization: Bearer ROOT_TOKEN'), its state kept in --state.

Example scenario (see docs/lab.md for every key and fault):
  agents: [cca, erds]
  address_base: 127.1.0.0
  port_map: {443: 10443, 8883: 18883}
  hosts:
    gw.srv.ygles.com:
      dns: nxdomain
    a01.ugwdevice.net:
      tls: {443: expired, 8883: ok}
  proxy:
    allowlist: proxy-allow.txt
    dialect: squid
    auth: user:secret

TLS faults: ok refuse drop silent close delay inspection expired not-yet-valid wrong-name
            old-protocol client-cert large-chain
DNS faults: nxdomain servfail timeout refused nodata

Exit codes: 0 stopped by a signal, 2 bad scenario or a port that cannot be bound.
)";

void add_lab_serve_command(CLI::App& lab_command, Context& context)
{
  auto& options = context.own<LabOptions>();
  auto* serve = lab_command.add_subcommand(
    "serve", "Serve a scenario: DNS, TLS endpoints with faults and a CONNECT proxy (lab only)");
  serve->add_option("-s,--scenario", options.scenario, "The scenario file (YAML)")
    ->required()
    ->type_name("FILE");
  serve->add_option("--state", options.serve.state_dir,
                    "Where the lab CA, its key and the services' state (tenants, devices, "
                    "backups, audit log) live; reused across restarts "
                    "(default: a new temporary directory)")
    ->type_name("DIR");
  serve->add_flag("-v,--verbose", options.serve.verbose,
                  "Log one line per connection or query on stderr");
  serve->footer(k_lab_footer);
  serve->callback([&] {
    const auto scenario = lab::scenario::load_scenario(options.scenario, context.load_catalog());
    context.exit_code = lab::serve(scenario, options.serve, std::cout);
  });
}

} // namespace

void add_lab_command(CLI::App& app, Context& context)
{
  auto* command = app.add_subcommand(
    "lab", "Lab/test software, not for production: the reference backend for e2e tests");
  command->require_subcommand(1);
  command->footer(k_lab_footer);
  add_lab_serve_command(*command, context);
  add_lab_agent_command(*command, context);
}

} // namespace emready::cli
