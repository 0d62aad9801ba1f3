// The `proxy:` section of a scenario.
#include "emready/lab/scenario/reader_parts.hpp"
#include "emready/core/suggest.hpp"
#include "emready/rules/dialect.hpp"
#include "emready/rules/source_text.hpp"

#include <fmt/format.h>

namespace emready::lab::scenario {

namespace {

using profile::describe_type;
using profile::YamlSource;

const std::vector<std::string> k_proxy_keys{"port",    "allowlist", "dialect", "auth",
                                            "product", "fault",     "delay_ms"};

// The dialect named at `node`, re-thrown with the node's location when unknown.
const rules::Dialect& read_dialect(const YamlSource& source, const YAML::Node& node)
{
  const auto name = source.string_at(node, "dialect");
  try {
    return rules::dialect_named(name);
  } catch (const core::InputError& e) {
    source.fail(node, e.what());
  }
}

rules::AllowList read_allowlist(const YamlSource& source, const YAML::Node& node,
                                const rules::Dialect& dialect,
                                const std::filesystem::path& base_dir)
{
  const std::filesystem::path relative = source.string_at(node, "allowlist");
  const auto path = relative.is_absolute() ? relative : base_dir / relative;
  if (!std::filesystem::exists(path)) {
    source.fail(node, fmt::format("the allow-list '{}' does not exist", path.string()));
  }
  return dialect.read(rules::read_source(path.string(), "proxy allow-list"));
}

} // namespace

ProxySpec read_proxy(const YamlSource& source, const YAML::Node& proxy,
                     const std::filesystem::path& base_dir)
{
  ProxySpec spec;
  if (proxy.IsNull()) {
    return spec;
  }
  source.check_keys(proxy, "'proxy'", k_proxy_keys, {});
  if (proxy["port"]) {
    spec.port = read_port(source, proxy["port"], "port", 0);
  }
  if (proxy["dialect"]) {
    spec.dialect = source.string_at(proxy["dialect"], "dialect");
  }
  const auto& dialect = proxy["dialect"] ? read_dialect(source, proxy["dialect"])
                                         : rules::dialect_named(spec.dialect);
  if (proxy["allowlist"]) {
    spec.allowlist = read_allowlist(source, proxy["allowlist"], dialect, base_dir);
  }
  if (proxy["auth"]) {
    spec.auth = source.string_at(proxy["auth"], "auth");
    if (spec.auth.find(':') == std::string::npos) {
      source.fail(proxy["auth"], "'auth' must be 'user:password'");
    }
  }
  if (proxy["product"]) {
    spec.product = source.string_at(proxy["product"], "product");
  }
  if (proxy["fault"]) {
    const auto name = source.string_at(proxy["fault"], "fault");
    const auto fault = proxy_fault_named(name);
    if (!fault) {
      source.fail(proxy["fault"], fmt::format("unknown proxy fault '{}'{}", name,
                                              core::did_you_mean(name, proxy_fault_names())));
    }
    spec.fault = *fault;
  }
  if (proxy["delay_ms"]) {
    spec.delay_ms = read_count(source, proxy["delay_ms"], "delay_ms", 1, 600000);
  }
  return spec;
}

} // namespace emready::lab::scenario
