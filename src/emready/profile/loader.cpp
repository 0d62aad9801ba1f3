#include "emready/profile/loader.hpp"

#include "emready/core/host_name.hpp"
#include "emready/profile/yaml_source.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace emready::profile {

namespace {

const std::vector<std::string> k_profile_keys{
  "agent", "title", "description", "region", "recommended_rules", "endpoints"};
const std::vector<std::string> k_endpoint_keys{"host",     "ports",      "any_port",
                                               "required", "condition",  "protocol",
                                               "mutual_tls", "port_note", "note"};

std::string read_host(const YamlSource& src, const YAML::Node& node)
{
  const auto host = core::to_lower(src.string_at(node, "host"));
  if (const auto problem = core::host_name_problem(host); !problem.empty()) {
    src.fail(node, fmt::format("invalid host name: {}", problem));
  }
  return host.back() == '.' ? host.substr(0, host.size() - 1) : host;
}

std::vector<std::uint16_t> read_ports(const YamlSource& src, const YAML::Node& node)
{
  if (!node.IsSequence()) {
    src.fail(node, fmt::format("'ports' must be a list of port numbers such as [443], not {}",
                               describe_type(node)));
  }
  if (node.size() == 0) {
    src.fail(node, "'ports' is empty: list at least one port");
  }
  std::vector<std::uint16_t> ports;
  for (const auto& item : node) {
    const auto value = src.integer_at(item, "ports");
    if (value < 1 || value > 65535) {
      src.fail(item, fmt::format("port {} is out of range (1..65535)", value));
    }
    const auto port = static_cast<std::uint16_t>(value);
    if (std::find(ports.begin(), ports.end(), port) != ports.end()) {
      src.fail(item, fmt::format("port {} is listed twice", port));
    }
    ports.push_back(port);
  }
  return ports;
}

Protocol read_protocol(const YamlSource& src, const YAML::Node& node)
{
  const auto text = src.string_at(node, "protocol");
  for (const auto protocol : {Protocol::https, Protocol::mqtt_tls}) {
    if (text == to_string(protocol)) {
      return protocol;
    }
  }
  src.fail(node, fmt::format("unknown protocol '{}' (expected 'https' or 'mqtt-tls')", text));
}

Endpoint read_endpoint(const YamlSource& src, const YAML::Node& node)
{
  src.check_keys(node, "an endpoint", k_endpoint_keys, {"host", "ports"});
  Endpoint endpoint;
  endpoint.location = src.location_of(node["host"]);
  endpoint.host = read_host(src, node["host"]);
  endpoint.ports = read_ports(src, node["ports"]);
  if (node["any_port"]) {
    endpoint.any_port = src.bool_at(node["any_port"], "any_port");
    if (endpoint.any_port && endpoint.ports.size() < 2) {
      src.fail(node["any_port"], "'any_port: true' needs at least two ports to choose from");
    }
  }
  if (node["required"]) {
    endpoint.required = src.bool_at(node["required"], "required");
  }
  if (node["condition"]) {
    endpoint.condition = src.string_at(node["condition"], "condition");
    if (endpoint.required) {
      src.fail(node["condition"], "'condition' only applies to endpoints with 'required: false'");
    }
  } else if (!endpoint.required) {
    src.fail(node["required"], "a conditional endpoint ('required: false') needs a 'condition' "
                               "saying when it is needed");
  }
  if (node["protocol"]) {
    endpoint.protocol = read_protocol(src, node["protocol"]);
  }
  if (node["mutual_tls"]) {
    endpoint.mutual_tls = src.bool_at(node["mutual_tls"], "mutual_tls");
  }
  if (node["port_note"]) {
    endpoint.port_note = src.string_at(node["port_note"], "port_note");
  }
  if (node["note"]) {
    endpoint.note = src.string_at(node["note"], "note");
  }
  return endpoint;
}

std::vector<Endpoint> read_endpoints(const YamlSource& src, const YAML::Node& node)
{
  if (!node.IsSequence()) {
    src.fail(node, fmt::format("'endpoints' must be a list, not {}", describe_type(node)));
  }
  if (node.size() == 0) {
    src.fail(node, "'endpoints' is empty: a profile needs at least one endpoint");
  }
  std::vector<Endpoint> endpoints;
  std::map<std::string, std::size_t> first_line;
  for (const auto& item : node) {
    auto endpoint = read_endpoint(src, item);
    const auto [it, inserted] = first_line.emplace(endpoint.host, endpoint.location.line);
    if (!inserted) {
      src.fail(item["host"], fmt::format("duplicate endpoint '{}' (first defined on line {}); "
                                         "list every port of a host in one entry",
                                         endpoint.host, it->second));
    }
    endpoints.push_back(std::move(endpoint));
  }
  return endpoints;
}

std::vector<std::string> read_recommended_rules(const YamlSource& src, const YAML::Node& node,
                                                const std::vector<Endpoint>& endpoints)
{
  if (!node.IsSequence()) {
    src.fail(node, fmt::format("'recommended_rules' must be a list such as [\"*.example.com\"], "
                               "not {}", describe_type(node)));
  }
  std::vector<std::string> rules;
  for (const auto& item : node) {
    const auto rule = core::to_lower(src.string_at(item, "recommended_rules"));
    if (!rule.starts_with("*.")) {
      src.fail(item, fmt::format("recommended rule '{}' must have the form '*.domain'", rule));
    }
    if (const auto problem = core::host_name_problem(rule.substr(2)); !problem.empty()) {
      src.fail(item, fmt::format("recommended rule '{}': {}", rule, problem));
    }
    if (std::find(rules.begin(), rules.end(), rule) != rules.end()) {
      src.fail(item, fmt::format("recommended rule '{}' is listed twice", rule));
    }
    const auto domain = wildcard_domain(rule);
    const bool covers_any = std::any_of(endpoints.begin(), endpoints.end(), [&](const auto& e) {
      return e.host != domain && core::is_within(e.host, domain);
    });
    if (!covers_any) {
      src.fail(item, fmt::format("recommended rule '{}' covers no endpoint of this profile", rule));
    }
    rules.push_back(rule);
  }
  return rules;
}

std::string read_agent_name(const YamlSource& src, const YAML::Node& node)
{
  const auto agent = src.string_at(node, "agent");
  // [a-z0-9][a-z0-9-]*, checked by hand: std::regex recurses per character and overflows
  // the stack on a long name.
  const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  if (agent.empty() || agent.front() == '-' || !std::all_of(agent.begin(), agent.end(), allowed) ||
      agent == "all") {
    src.fail(node, fmt::format("agent name '{}' must be lower-case letters, digits and '-' "
                               "(and not 'all')", agent));
  }
  return agent;
}

} // namespace

Profile load_profile(std::string_view text, const std::string& file_name)
{
  const YamlSource src(text, file_name);
  const auto& root = src.root();
  if (!root.IsDefined() || root.IsNull()) {
    throw core::InputError("the profile is empty", {file_name, 1, 1, {}});
  }
  src.check_keys(root, "a profile", k_profile_keys, {"agent", "title", "endpoints"});
  Profile profile;
  profile.origin = file_name;
  profile.agent = read_agent_name(src, root["agent"]);
  profile.title = src.string_at(root["title"], "title");
  if (root["description"]) {
    profile.description = src.string_at(root["description"], "description");
  }
  if (root["region"]) {
    profile.region = src.string_at(root["region"], "region");
  }
  profile.endpoints = read_endpoints(src, root["endpoints"]);
  if (root["recommended_rules"]) {
    profile.recommended_rules =
      read_recommended_rules(src, root["recommended_rules"], profile.endpoints);
  }
  return profile;
}

} // namespace emready::profile
