#pragma once

#include "emready/check/result.hpp"
#include "emready/cli/check_options.hpp"
#include "emready/cli/context.hpp"
#include "emready/probe/engine.hpp"

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

} // namespace emready::cli
