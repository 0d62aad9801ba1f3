#pragma once

#include "emready/check/result.hpp"
#include "emready/cli/check_options.hpp"
#include "emready/cli/context.hpp"
#include "emready/probe/engine.hpp"
#include "emready/report/compliance.hpp"

#include <nlohmann/json.hpp>

namespace emready::cli {

// The head of `check --format json`: the document header (report/document.hpp) and the
// options that shaped the result — timeouts, families, DNS servers, proxy or PAC and where
// it came from, source address, trust set, port map, accepted ranges, and each agent's
// profile with its origin and SHA-256.
nlohmann::json check_document_head(const Context& context, const CheckOptions& options,
                                   const probe::EngineOptions& engine, const probe::TrustStore& trust,
                                   const std::vector<const profile::Profile*>& profiles,
                                   const check::CheckResult& result);

// Each profile's agent, origin ("built-in" or its file) and SHA-256 of its text.
nlohmann::json profiles_provenance(const std::vector<const profile::Profile*>& profiles);

// The same, one line per agent for the auditors' reports: "cca: built-in (…), SHA-256 …".
std::vector<std::string> profile_lines(const std::vector<const profile::Profile*>& profiles);

// The lab settings that shaped a run, so its result is not a production check of the site:
// "--port-map …", "--accept-range …", "--ca-file …" (the JSON says whether there are any).
std::vector<std::string> lab_overrides(const CheckOptions& options);

// What the markdown and HTML reports state about the run: when, where, time limits, DNS,
// lab overrides, profile provenance and the redacted command line.
report::RunFacts check_run_facts(const Context& context, const CheckOptions& options,
                                 const std::vector<const profile::Profile*>& profiles,
                                 const check::CheckResult& result);

} // namespace emready::cli
