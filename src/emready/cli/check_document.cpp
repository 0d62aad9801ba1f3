#include "emready/cli/check_document.hpp"

#include "emready/cli/run_facts.hpp"
#include "emready/report/document.hpp"

#include <fmt/format.h>
#include <set>

namespace emready::cli {

namespace {

nlohmann::json optional_string(const std::string& text)
{
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json proxy_json(const CheckOptions& options, const probe::EngineOptions& engine,
                          const check::CheckResult& result)
{
  if (!result.pac.empty()) {
    return {{"kind", "pac"}, {"pac", result.pac}, {"from_environment", false},
            {"auth", options.proxy_auth.negotiate ? "negotiate" : options.proxy_auth.scheme},
            {"user", optional_string(options.proxy_auth.user)}};
  }
  if (!engine.proxy) {
    return nullptr;
  }
  const auto& proxy = *engine.proxy;
  return {{"kind", "url"},
          {"url", proxy.display},
          {"source", proxy.source},
          {"from_environment", proxy.from_environment},
          {"no_proxy", proxy.no_proxy},
          {"auth", probe::proxy_auth_names()[static_cast<std::size_t>(proxy.credentials.scheme)]},
          {"user", optional_string(proxy.credentials.user)}};
}

} // namespace

nlohmann::json profiles_provenance(const std::vector<const profile::Profile*>& profiles)
{
  auto out = nlohmann::json::array();
  for (const auto* profile : profiles) {
    out.push_back({{"agent", profile->agent},
                   {"origin", profile->origin == "built-in" ? "built-in" : "file"},
                   {"file", profile->file},
                   {"sha256", sha256_hex(profile->source_text)}});
  }
  return out;
}

std::vector<std::string> lab_overrides(const CheckOptions& options)
{
  std::vector<std::string> out;
  if (!options.port_map.empty()) {
    out.push_back(fmt::format("--port-map {}", fmt::join(options.port_map, ",")));
  }
  for (const auto& range : options.accept_ranges) {
    out.push_back("--accept-range " + range);
  }
  if (!options.ca_file.empty()) {
    out.push_back("--ca-file " + options.ca_file + " instead of the public roots printers trust");
  }
  return out;
}

report::RunFacts check_run_facts(const Context& context, const CheckOptions& options,
                                 const std::vector<const profile::Profile*>& profiles,
                                 const check::CheckResult& result)
{
  report::RunFacts facts{result.started_at, result.hostname, EMREADY_VERSION,
                         fmt::format("DNS {:g} s, TCP {:g} s, TLS {:g} s per endpoint{}", options.dns_timeout,
                                     options.tcp_timeout, options.tls_timeout,
                                     options.deadline > 0 ? fmt::format(", {:g} s for the run", options.deadline) : ""),
                         options.dns_servers.empty()
                           ? std::string("the system's resolvers (/etc/resolv.conf)")
                           : fmt::format("{} (--dns-server)", fmt::join(options.dns_servers, ", ")),
                         lab_overrides(options), {}, fmt::format("{}", fmt::join(context.command_line, " ")), ""};
  facts.profiles = profile_lines(profiles);
  return facts;
}

std::vector<std::string> profile_lines(const std::vector<const profile::Profile*>& profiles)
{
  std::vector<std::string> out;
  for (const auto& profile : profiles_provenance(profiles)) {
    out.push_back(fmt::format("{}: {} ({}), SHA-256 {}", profile["agent"].get<std::string>(),
                              profile["origin"].get<std::string>(), profile["file"].get<std::string>(),
                              profile["sha256"].get<std::string>()));
  }
  return out;
}

nlohmann::json check_document_head(const Context& context, const CheckOptions& options,
                                   const probe::EngineOptions& engine, const probe::TrustStore& trust,
                                   const std::vector<const profile::Profile*>& profiles,
                                   const check::CheckResult& result)
{
  auto run = context.document_run();
  run.started_at = result.started_at;
  run.finished_at = result.finished_at;
  std::set<std::string> sources;
  for (const auto& host : result.hosts) {
    for (const auto& port : host.ports) {
      for (const auto& probe : port.probes) {
        if (!probe.observation.source_address.empty()) {
          sources.insert(probe.observation.source_address);
        }
      }
    }
  }
  run.source_addresses.assign(sources.begin(), sources.end());
  auto head = report::document_header("check", run);
  std::vector<std::string> families;
  if (engine.ipv4) {
    families.emplace_back("ipv4");
  }
  if (engine.ipv6) {
    families.emplace_back("ipv6");
  }
  nlohmann::json port_map = nlohmann::json::object();
  for (const auto& [from, to] : engine.port_map.entries()) {
    port_map[std::to_string(from)] = to;
  }
  std::vector<std::string> ranges;
  for (const auto& range : options.accept_ranges) {
    ranges.push_back(range);
  }
  head["options"] = {
    {"agents", options.agents},
    {"timeouts_s", {{"dns", options.dns_timeout}, {"tcp", options.tcp_timeout}, {"tls", options.tls_timeout},
                    {"deadline", options.deadline > 0 ? nlohmann::json(options.deadline) : nlohmann::json(nullptr)}}},
    {"concurrency", engine.concurrency},
    {"families_probed", families},
    {"device_family", check::to_string(result.devices)},
    {"dns_servers", options.dns_servers},
    {"proxy", proxy_json(options, engine, result)},
    {"source_address", optional_string(options.source_address)},
    {"interface", optional_string(options.interface)},
    {"trust", {{"kind", trust.kind()}, {"source", trust.source()}, {"count", trust.size()}}},
    {"port_map", port_map},
    {"accepted_ranges", ranges},
    {"dialect", options.dialect},
    // Lab settings: a result under them is not a production check of the site.
    {"lab_overrides", !lab_overrides(options).empty()},
    {"profiles", profiles_provenance(profiles)},
  };
  return head;
}

} // namespace emready::cli
