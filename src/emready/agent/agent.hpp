#pragma once

#include "emready/agent/backup_crypto.hpp"
#include "emready/agent/route.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace emready::agent {

// Who the reference agent is and where it goes.
struct AgentOptions
{
  std::string tenant;   // "root/eu/dk"
  std::string token;    // the tenant's bearer token (also the MQTT password)
  std::string serial = "LAB0001";
  BackupKey key;        // the device's backup key; it never leaves the device
  std::vector<std::string> dns_servers;
  Route route;
  std::string api_host;    // HTTPS API: registration, telemetry, checks
  std::string mqtt_host;   // MQTT telemetry on 8883 and on 443 with ALPN x-amzn-mqtt-ca
  std::string backup_host; // Data Backup Service
  std::vector<std::string> steps; // a subset of step_names() (resolve always runs); empty = all
};

// The steps' names, in the order a device takes them (from the agent's table of steps).
const std::vector<std::string>& step_names();

// One line per step: its name and what it does, for --help.
std::string steps_help();

// One step's outcome.
struct StepResult
{
  std::string name;
  bool ok = false;
  double ms = 0;
  std::string detail;   // what happened, or why it failed
  nlohmann::json facts; // step-specific details (addresses, ALPN, sizes, status codes)
};

// Runs the chosen steps in order; a failing step does not stop the later ones (each says
// for itself what it needed), so one run shows everything that is broken.
std::vector<StepResult> run_agent(const AgentOptions& options);

// The report: {"ok": bool, "tenant", "serial", "steps": [...]}.
nlohmann::json agent_report(const AgentOptions& options, const std::vector<StepResult>& steps);

} // namespace emready::agent
