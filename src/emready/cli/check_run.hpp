#pragma once

#include "emready/check/result.hpp"
#include "emready/cli/check_options.hpp"
#include "emready/cli/context.hpp"
#include "emready/probe/engine.hpp"
#include "emready/probe/trust_store.hpp"
#include "emready/report/compliance.hpp"

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace emready::cli {

// What every run of a check shares, read and validated once: the profiles, the engine's
// settings (proxy and its credentials, a password prompted for once), how observations are
// judged and the trust set. `check` makes one per invocation (also for --every), `serve` one
// for its lifetime.
struct CheckSetup
{
  std::shared_ptr<const profile::Catalog> catalog;
  probe::EngineOptions engine; // its concurrency fitted to the open-file limit
  check::Judging judging;
  std::shared_ptr<const probe::TrustStore> trust;
};

// Reads and checks everything a run needs before any probe; throws core::InputError (exit 2)
// for bad options. `runs_at_once` runs share the open-file limit: each gets its part.
CheckSetup prepare_check(const CheckOptions& options, const Context& context, std::size_t runs_at_once = 1);

// What one run covers, beyond the setup.
struct CheckScope
{
  std::vector<std::string> agents;                      // as --agent takes them; empty: all
  std::optional<std::chrono::milliseconds> deadline;    // tighter than --deadline, if any
  bool json_head = false;                               // build the JSON document's head
  bool run_facts = false;                               // and the auditors' run facts
  bool progress = true;                                 // the live progress line on a terminal
};

// One check of the site, judged and with its report's head: what a report is written from.
struct CheckOutcome
{
  // What the result points into (its profiles and targets), kept alive with it.
  std::shared_ptr<const profile::Catalog> catalog;
  std::shared_ptr<const std::vector<plan::Target>> targets;
  check::CheckResult result;
  nlohmann::json head;     // the JSON document's head (when the scope asked for it)
  report::RunFacts facts;  // for the auditors' formats (when the scope asked for them)
};

// Resolves, probes and judges every endpoint of the scope's agents. Throws
// core::InputError for unknown agents or an unreadable PAC file, and core::LocalExhaustion
// when this machine runs out of sockets.
CheckOutcome execute_check(const CheckSetup& setup, const CheckOptions& options, const Context& context,
                           const CheckScope& scope);

} // namespace emready::cli
