#include "emready/lab/scenario/scenario_reader.hpp"

#include "emready/core/host_name.hpp"
#include "emready/core/suggest.hpp"
#include "emready/lab/scenario/reader_parts.hpp"
#include "emready/plan/target.hpp"
#include "emready/rules/source_text.hpp"

#include <fmt/format.h>
#include <map>
#include <unordered_set>

namespace emready::lab::scenario {

namespace {

using profile::describe_type;
using profile::YamlSource;

const std::vector<std::string> k_top_keys{"agents",   "address_base", "listen",
                                          "dns_port", "port_map",     "hosts",
                                          "extra_hosts", "proxy",     "services"};

std::vector<std::string> read_agents(const YamlSource& source, const YAML::Node& node,
                                     const profile::Catalog& catalog)
{
  if (!node) {
    return catalog.agent_names();
  }
  if (!node.IsSequence()) {
    source.fail(node, fmt::format("'agents' must be a list, not {}", describe_type(node)));
  }
  std::vector<std::string> agents;
  for (const auto& item : node) {
    const auto name = source.string_at(item, "agents");
    if (name == "all") {
      return catalog.agent_names();
    }
    if (catalog.find(name) == nullptr) {
      source.fail(item, fmt::format("unknown agent '{}'{}", name,
                                    core::did_you_mean(name, catalog.agent_names())));
    }
    agents.push_back(name);
  }
  return agents;
}

net::IpAddress read_loopback(const YamlSource& source, const YAML::Node& node,
                             const std::string& key, net::IpAddress fallback)
{
  if (!node) {
    return fallback;
  }
  const auto text = source.string_at(node, key);
  const auto address = net::IpAddress::parse(text);
  if (!address || !address->is_loopback_v4()) {
    source.fail(node, fmt::format("'{}' must be an IPv4 address inside 127.0.0.0/8, not '{}'",
                                  key, text));
  }
  return *address;
}

core::PortMap read_port_map(const YamlSource& source, const YAML::Node& node)
{
  core::PortMap map;
  if (!node) {
    return map;
  }
  if (!node.IsMap()) {
    source.fail(node, fmt::format("'port_map' must be a mapping like {{443: 10443}}, not {}",
                                  describe_type(node)));
  }
  std::map<std::uint16_t, std::uint16_t> targets; // listened port → endpoint port
  for (const auto& entry : node) {
    const auto from = read_port(source, entry.first, "port_map", 1);
    if (map.mapped(from) != from) {
      source.fail(entry.first, fmt::format("port {} appears twice in 'port_map'", from));
    }
    const auto to = read_port(source, entry.second, "port_map", 1);
    if (const auto [it, fresh] = targets.emplace(to, from); !fresh) {
      source.fail(entry.second, fmt::format("ports {} and {} are both mapped to {}: a host cannot "
                                            "listen twice on one port",
                                            it->second, from, to));
    }
    map.set(from, to);
  }
  return map;
}

std::vector<HostSpec> profile_hosts(const std::vector<std::string>& agents,
                                    const profile::Catalog& catalog)
{
  std::vector<HostSpec> hosts;
  for (const auto& target : plan::plan_targets(catalog.select(agents))) {
    HostSpec host;
    host.name = target.host;
    host.ports = target.ports;
    hosts.push_back(std::move(host));
  }
  return hosts;
}

void add_extra_hosts(const YamlSource& source, const YAML::Node& node, std::vector<HostSpec>& hosts)
{
  if (!node) {
    return;
  }
  if (!node.IsSequence()) {
    source.fail(node, fmt::format("'extra_hosts' must be a list, not {}", describe_type(node)));
  }
  std::unordered_set<std::string> served;
  for (const auto& host : hosts) {
    served.insert(host.name);
  }
  for (const auto& item : node) {
    auto name = core::to_lower(source.string_at(item, "extra_hosts"));
    if (!name.empty() && name.back() == '.') {
      name.pop_back();
    }
    if (const auto problem = core::host_name_problem(name); !problem.empty()) {
      source.fail(item, fmt::format("'{}' is not a host name: {}", name, problem));
    }
    if (!served.insert(name).second) {
      source.fail(item, fmt::format("'{}' is served already", name));
    }
    HostSpec host;
    host.name = name;
    host.ports = {443};
    hosts.push_back(std::move(host));
  }
}

void number_hosts(const YamlSource& source, const YAML::Node& base_node, Scenario& scenario)
{
  const auto base = scenario.address_base.v4_value();
  const auto last = std::uint64_t{base} + scenario.hosts.size();
  if (last > 0x7ffffffe) {
    source.fail(base_node ? base_node : source.root(),
                fmt::format("{} hosts do not fit in 127.0.0.0/8 above address_base {}",
                            scenario.hosts.size(), scenario.address_base.to_string()));
  }
  for (std::size_t i = 0; i < scenario.hosts.size(); ++i) {
    scenario.hosts[i].address = net::IpAddress::v4(static_cast<std::uint32_t>(base + i + 1));
  }
}

} // namespace

std::uint16_t read_port(const YamlSource& source, const YAML::Node& node, const std::string& key,
                        long long min)
{
  const auto value = source.integer_at(node, key);
  if (value < min || value > 65535) {
    source.fail(node, fmt::format("port {} is out of range ({}..65535)", value, min));
  }
  return static_cast<std::uint16_t>(value);
}

Scenario read_scenario(std::string_view text, const std::string& file,
                       const profile::Catalog& catalog)
{
  const YamlSource source(text, file);
  const auto& root = source.root();
  Scenario scenario;
  scenario.file = file;
  if (root.IsNull()) {
    source.fail(root, "the scenario is empty (write at least 'agents: [all]')");
  }
  source.check_keys(root, "the scenario", k_top_keys, {});
  scenario.agents = read_agents(source, root["agents"], catalog);
  for (const char* key : {"agents", "listen", "dns_port"}) {
    if (root[key]) {
      scenario.origins[key] = source.location_of(root[key]);
    }
  }
  if (root["port_map"] && root["port_map"].IsMap()) {
    for (const auto& entry : root["port_map"]) {
      scenario.origins[fmt::format("port_map.{}", source.string_at(entry.first, "port_map"))] =
        source.location_of(entry.second);
    }
  }
  if (root["proxy"] && root["proxy"].IsMap()) {
    scenario.origins["proxy.port"] = source.location_of(root["proxy"]["port"] ? root["proxy"]["port"] : root["proxy"]);
  }
  scenario.address_base = read_loopback(source, root["address_base"], "address_base",
                                        scenario.address_base);
  scenario.listen = read_loopback(source, root["listen"], "listen", scenario.listen);
  if (root["dns_port"]) {
    scenario.dns_port = read_port(source, root["dns_port"], "dns_port", 0);
  }
  scenario.port_map = read_port_map(source, root["port_map"]);
  scenario.hosts = profile_hosts(scenario.agents, catalog);
  add_extra_hosts(source, root["extra_hosts"], scenario.hosts);
  if (root["hosts"]) {
    read_host_faults(source, root["hosts"], scenario.hosts);
  }
  number_hosts(source, root["address_base"], scenario);
  if (root["proxy"]) {
    scenario.proxy =
      read_proxy(source, root["proxy"], std::filesystem::path(file).parent_path());
  }
  if (root["services"]) {
    scenario.services = read_services(source, root["services"]);
  }
  return scenario;
}

Scenario load_scenario(const std::string& path, const profile::Catalog& catalog)
{
  const auto source = rules::read_source(path, "scenario");
  return read_scenario(source.text, source.file, catalog);
}

} // namespace emready::lab::scenario
