// The `hosts:` section of a scenario: per-host DNS and TLS faults.
#include "emready/core/host_name.hpp"
#include "emready/core/suggest.hpp"
#include "emready/lab/scenario/reader_parts.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <unordered_map>

namespace emready::lab::scenario {

namespace {

using profile::describe_type;
using profile::YamlSource;

const std::vector<std::string> k_host_keys{"dns", "addresses", "address6", "tls", "delay_ms",
                                           "chain_length"};

TlsFault read_tls_fault(const YamlSource& source, const YAML::Node& node)
{
  const auto name = source.string_at(node, "tls");
  const auto fault = tls_fault_named(name);
  if (!fault) {
    source.fail(node, fmt::format("unknown TLS fault '{}'{}", name,
                                  core::did_you_mean(name, tls_fault_names())));
  }
  return *fault;
}

DnsFault read_dns_fault(const YamlSource& source, const YAML::Node& node)
{
  const auto name = source.string_at(node, "dns");
  const auto fault = dns_fault_named(name);
  if (!fault) {
    source.fail(node, fmt::format("unknown DNS fault '{}'{}", name,
                                  core::did_you_mean(name, dns_fault_names())));
  }
  return *fault;
}

std::vector<net::IpAddress> read_addresses(const YamlSource& source, const YAML::Node& node)
{
  if (!node.IsSequence()) {
    source.fail(node, fmt::format("'addresses' must be a list of IP addresses, not {}",
                                  describe_type(node)));
  }
  std::vector<net::IpAddress> addresses;
  for (const auto& item : node) {
    const auto text = source.string_at(item, "addresses");
    const auto address = net::IpAddress::parse(text);
    if (!address) {
      source.fail(item, fmt::format("'{}' is not an IPv4 or IPv6 address", text));
    }
    addresses.push_back(*address);
  }
  return addresses;
}

// `tls: FAULT` or `tls: {443: FAULT, 8883: FAULT}`; a port not yet served is added.
void read_tls(const YamlSource& source, const YAML::Node& node, HostSpec& host)
{
  if (!node.IsMap()) {
    host.tls = read_tls_fault(source, node);
    return;
  }
  for (const auto& entry : node) {
    const auto port = read_port(source, entry.first, "tls", 1);
    host.tls_by_port[port] = read_tls_fault(source, entry.second);
    if (std::find(host.ports.begin(), host.ports.end(), port) == host.ports.end()) {
      host.ports.push_back(port);
    }
  }
}

void read_host(const YamlSource& source, const YAML::Node& node, HostSpec& host)
{
  if (node.IsNull()) {
    return; // a host named without faults behaves correctly
  }
  source.check_keys(node, fmt::format("host '{}'", host.name), k_host_keys, {});
  if (node["dns"]) {
    host.dns = read_dns_fault(source, node["dns"]);
  }
  if (node["addresses"]) {
    host.answers = read_addresses(source, node["addresses"]);
  }
  if (node["address6"]) {
    const auto text = source.string_at(node["address6"], "address6");
    const auto address = net::IpAddress::parse(text);
    if (!address || !address->is_v6) {
      source.fail(node["address6"], fmt::format("'address6' must be an IPv6 address this machine has "
                                                "(::1, or one added to lo), not '{}'", text));
    }
    host.address6 = *address;
  }
  if (node["tls"]) {
    read_tls(source, node["tls"], host);
  }
  if (node["delay_ms"]) {
    host.delay_ms = read_count(source, node["delay_ms"], "delay_ms", 0, 600000);
  }
  if (node["chain_length"]) {
    host.chain_length = read_count(source, node["chain_length"], "chain_length", 1, 250);
  }
}

} // namespace

void read_host_faults(const YamlSource& source, const YAML::Node& hosts,
                      std::vector<HostSpec>& served)
{
  if (!hosts.IsMap()) {
    source.fail(hosts, fmt::format("'hosts' must be a mapping of host names, not {}",
                                   describe_type(hosts)));
  }
  std::unordered_map<std::string, HostSpec*> by_name;
  std::vector<std::string> names;
  for (auto& host : served) {
    by_name.emplace(host.name, &host);
    names.push_back(host.name);
  }
  for (const auto& entry : hosts) {
    auto name = core::to_lower(source.string_at(entry.first, "hosts"));
    if (!name.empty() && name.back() == '.') {
      name.pop_back();
    }
    const auto found = by_name.find(name);
    if (found == by_name.end()) {
      source.fail(entry.first,
                  fmt::format("'{}' is not a served host (not in the agents' profiles or "
                              "extra_hosts){}",
                              name, core::did_you_mean(name, names)));
    }
    read_host(source, entry.second, *found->second);
  }
}

unsigned read_count(const YamlSource& source, const YAML::Node& node, const std::string& key,
                    long long min, long long max)
{
  const auto value = source.integer_at(node, key);
  if (value < min || value > max) {
    source.fail(node, fmt::format("'{}' must be {}..{}, not {}", key, min, max, value));
  }
  return static_cast<unsigned>(value);
}

} // namespace emready::lab::scenario
