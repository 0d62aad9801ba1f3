// How a check runs: setup once, then each run probes, judges and diagnoses.
#include "emready/cli/check_run.hpp"

#include "emready/check/analyse.hpp"
#include "emready/check/diagnosis.hpp"
#include "emready/check/local_lookup.hpp"
#include "emready/cli/check_document.hpp"
#include "emready/cli/clock_check.hpp"
#include "emready/cli/pac_routes.hpp"
#include "emready/cli/run_facts.hpp"
#include "emready/core/error.hpp"
#include "emready/core/open_files.hpp"
#include "emready/probe/lookup.hpp"
#include "emready/report/progress.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <numeric>
#include <optional>

namespace emready::cli {

namespace {

using Clock = std::chrono::steady_clock;

// The time from now to `until`, never negative.
std::chrono::milliseconds left_until(Clock::time_point until)
{
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()));
}

probe::TrustStore trust_store(const CheckOptions& options)
{
  if (options.ca_file.empty()) {
    return core::with_context("", [] { return probe::TrustStore::mozilla(); }, "(or give --ca-file)");
  }
  return core::with_context("--ca-file", [&] { return probe::TrustStore::from_file(options.ca_file); });
}

// As many probes in flight as the open-file limit allows (each holds one socket), shared
// by `runs` runs at once.
std::size_t fitted_concurrency(std::size_t wanted, std::size_t runs)
{
  const auto fitted = core::fit_open_file_limit(wanted * runs) / runs;
  if (fitted < wanted) {
    std::cerr << fmt::format("emready: note: the open-file limit allows {} probe{} in flight{}, not {}\n",
                             fitted, fitted == 1 ? "" : "s", runs > 1 ? " per run" : "", wanted);
  }
  return std::max<std::size_t>(fitted, 1);
}

// True when every probe of `seen` failed to reach its proxy: the PAC file's next route is due.
bool proxy_unreachable(const check::HostObservation& seen)
{
  return !seen.probes.empty() && std::all_of(seen.probes.begin(), seen.probes.end(), [](const auto& probe) {
           return check::classify_probe(probe).verdict == check::Verdict::proxy_unreachable;
         });
}

std::string failure_of(const check::HostObservation& seen)
{
  const auto finding = check::classify_probe(seen.probes.front());
  return finding.evidence.empty() ? "unreachable" : finding.evidence.front();
}

// Probes every target, judging each host as soon as the engine is done with it (its raw
// observation is dropped: memory follows what is in flight). With a PAC file, a host whose
// route's proxy cannot be reached is probed again with the next route it lists, as
// browsers fail over; each such round is one more engine run over those hosts.
std::vector<check::HostResult> probe_and_judge(const std::vector<plan::Target>& targets,
                                               probe::EngineOptions engine_options,
                                               const std::vector<std::vector<Route>>& routes,
                                               const check::Judging& judging,
                                               const probe::TrustStore& trust, const CheckOptions& options,
                                               bool show_progress, std::optional<Clock::time_point> until)
{
  std::vector<check::HostResult> judged(targets.size());
  std::vector<std::size_t> attempt(targets.size(), 0);
  std::vector<std::vector<std::string>> failovers(targets.size());
  std::vector<std::size_t> pending(targets.size());
  std::iota(pending.begin(), pending.end(), std::size_t{0});
  std::optional<report::Progress> progress;
  if (show_progress) {
    progress.emplace();
  }
  while (!pending.empty()) {
    if (until) {
      // PAC failover rounds share the run's deadline, not one each.
      engine_options.deadline = left_until(*until);
    }
    std::vector<check::HostRequest> requests;
    engine_options.host_proxies.clear();
    for (const auto index : pending) {
      const auto& target = targets[index];
      requests.push_back({target.host, target.ports, target.protocol});
      if (!routes.empty()) {
        engine_options.host_proxies.push_back(routes[index][attempt[index]].proxy);
      }
    }
    std::vector<std::size_t> again;
    core::with_context(options.dns_servers.empty() ? std::string() : "--dns-server", [&] {
      probe::run_engine(
        requests, engine_options, trust,
        [&](std::size_t k, check::HostObservation seen) {
          const auto index = pending[k];
          if (!routes.empty()) {
            const auto& route = routes[index][attempt[index]];
            if (attempt[index] + 1 < routes[index].size() && proxy_unreachable(seen)) {
              failovers[index].push_back(route.text + " failed: " + failure_of(seen));
              ++attempt[index];
              again.push_back(index);
              return;
            }
            seen.route = route.text;
            seen.route_failovers = failovers[index];
          }
          judged[index] = check::judge_host(targets[index], std::move(seen), judging);
        },
        [&progress](std::size_t done, std::size_t total) {
          if (progress) {
            progress->update(done, total);
          }
        });
    });
    std::sort(again.begin(), again.end());
    pending = std::move(again);
  }
  return judged;
}

} // namespace

CheckSetup prepare_check(const CheckOptions& options, const Context& context, std::size_t runs_at_once)
{
  CheckSetup setup;
  setup.catalog = std::make_shared<const profile::Catalog>(context.load_catalog());
  setup.catalog->select(options.agents); // unknown agents: a usage error before any probe
  rules::dialect_named(options.dialect);
  setup.engine = engine_options_from(options);
  setup.judging = judging_from(options);
  setup.trust = std::make_shared<const probe::TrustStore>(trust_store(options));
  setup.engine.concurrency = fitted_concurrency(setup.engine.concurrency, std::max<std::size_t>(runs_at_once, 1));
  return setup;
}

CheckOutcome execute_check(const CheckSetup& setup, const CheckOptions& options, const Context& context,
                           const CheckScope& scope)
{
  const auto run_began = Clock::now(); // the deadline counts from here, PAC file included
  CheckOutcome outcome;
  outcome.catalog = setup.catalog;
  const auto profiles = setup.catalog->select(scope.agents);
  const auto& dialect = rules::dialect_named(options.dialect);
  auto engine_options = setup.engine;
  if (scope.deadline && (!engine_options.deadline || *scope.deadline < *engine_options.deadline)) {
    engine_options.deadline = scope.deadline;
  }
  const auto& judging = setup.judging;
  const auto& trust = *setup.trust;
  auto owned_targets = std::make_shared<const std::vector<plan::Target>>(plan::plan_targets(profiles));
  outcome.targets = owned_targets;
  const auto& targets = *owned_targets;

  std::vector<std::vector<Route>> routes;
  std::optional<PacFile> pac;
  if (!options.pac.pac.empty() || options.pac.wpad) {
    pac = load_pac(options.pac, options.dns_servers);
    if (options.pac.wpad) {
      std::cerr << fmt::format("emready: note: using the PAC file {} found by {}\n", pac->name, pac->found);
    }
    std::vector<std::string> notes;
    routes = pac_routes(*pac, targets, options.dns_servers, options.proxy_auth, options.pac.timeout,
                        options.source_address, notes);
    for (const auto& note : notes) {
      std::cerr << "emready: note: " << note << '\n';
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const auto started_at = utc_now();
  // The whole run's end, when it has one: the engine's rounds and what follows them share it.
  std::optional<Clock::time_point> until;
  if (engine_options.deadline) {
    until = run_began + *engine_options.deadline;
  }
  auto judged = probe_and_judge(targets, engine_options, routes, judging, trust, options, scope.progress, until);
  // Where a proxy could not resolve or reach a host, this machine's own lookup says whether
  // the proxy's resolver is the one that disagrees (all such hosts at once).
  std::vector<std::size_t> asked;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < judged.size(); ++i) {
    if (check::wants_local_lookup(judged[i])) {
      asked.push_back(i);
      names.push_back(judged[i].target->host);
    }
  }
  // After a deadline, only what time is left: a scrape must be answered in time.
  auto after = engine_options;
  if (until) {
    const auto left = left_until(*until);
    after.timeouts.dns = std::min(after.timeouts.dns, left);
    after.timeouts.tcp = std::min(after.timeouts.tcp, left);
    after.timeouts.tls = std::min(after.timeouts.tls, left);
    if (left < std::chrono::milliseconds(50)) {
      names.clear(); // no time for this machine's own lookups
      asked.clear();
    }
  }
  const auto local = core::with_context(options.dns_servers.empty() ? std::string() : "--dns-server", [&] {
    return probe::lookup_all(names, 4, options.dns_servers, after.timeouts.dns);
  });
  for (std::size_t k = 0; k < asked.size(); ++k) {
    check::add_local_lookup(judged[asked[k]], local[k]);
  }
  auto result = check::analyse(std::move(judged), profiles, dialect);
  if (!until || left_until(*until) >= std::chrono::milliseconds(50)) {
    result.clock = compare_clocks(result, after);
  }
  {
    check::DiagnosisContext why;
    why.dns_servers = options.dns_servers;
    why.environment_proxy = !engine_options.proxy && routes.empty() &&
                            probe::environment_has_proxy([](const char* name) {
                              const char* value = std::getenv(name);
                              return std::string(value ? value : "");
                            });
    result.diagnosis = check::diagnose(result, why, result.unexplained);
  }
  result.started_at = started_at;
  result.finished_at = utc_now();
  result.hostname = host_name();
  result.elapsed_ms =
    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  result.trust = trust.description();
  result.proxy = engine_options.proxy ? engine_options.proxy->display + " (" +
                                          engine_options.proxy->source + ")"
                                      : "";
  if (pac) {
    result.pac = fmt::format("{} ({})", pac->name, pac->found);
    result.proxy = "PAC file " + result.pac;
  }
  result.proxy_from_environment = engine_options.proxy && engine_options.proxy->from_environment;
  result.devices = judging.devices;
  result.sent_from = !options.source_address.empty() ? "--source-address " + options.source_address
                     : !options.interface.empty()    ? "--interface " + options.interface
                                                     : "";
  result.probed_ipv4 = engine_options.ipv4;
  result.probed_ipv6 = engine_options.ipv6;
  if (scope.json_head) {
    outcome.head = check_document_head(context, options, engine_options, trust, profiles, result);
  }
  // Each format gets what it shows: the JSON head, or the facts of the auditors' reports.
  if (scope.run_facts) {
    outcome.facts = check_run_facts(context, options, profiles, result);
  }
  outcome.result = std::move(result);
  return outcome;
}

} // namespace emready::cli
