#pragma once

#include "emready/lab/scenario/scenario.hpp"
#include "emready/profile/yaml_source.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace emready::lab::scenario {

// A port number in `min`..65535 read from `node`; blames the node otherwise.
std::uint16_t read_port(const profile::YamlSource& source, const YAML::Node& node,
                        const std::string& key, long long min);

// A whole number in `min`..`max` read from `node` (a delay, a count, a limit); blames the
// node otherwise.
unsigned read_count(const profile::YamlSource& source, const YAML::Node& node, const std::string& key,
                    long long min, long long max);

// Applies the `hosts:` section to `served`; names must be served hosts.
void read_host_faults(const profile::YamlSource& source, const YAML::Node& hosts,
                      std::vector<HostSpec>& served);

// Reads the `proxy:` section; the allow-list path is relative to `base_dir`.
ProxySpec read_proxy(const profile::YamlSource& source, const YAML::Node& proxy,
                     const std::filesystem::path& base_dir);

// Reads the `services:` section (a pinned root token).
ServicesSpec read_services(const profile::YamlSource& source, const YAML::Node& services);

} // namespace emready::lab::scenario
