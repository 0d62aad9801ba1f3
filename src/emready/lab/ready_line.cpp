#include "emready/lab/ready_line.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace emready::lab {

std::string ready_line(const scenario::Scenario& scenario, const ReadyFacts& facts)
{
  nlohmann::ordered_json line;
  line["ready"] = true;
  line["pid"] = ::getpid();
  line["dns"] = net::with_port(facts.listen, facts.dns_port);
  if (facts.proxy_port) {
    line["proxy"] = "http://" + with_port(facts.listen, *facts.proxy_port);
  }
  line["ca_file"] = facts.ca_file.string();
  line["inspection_ca_file"] = facts.inspection_ca_file.string();
  line["state"] = facts.state_dir.string();
  line["port_map"] = scenario.port_map_text();
  line["root_token"] = facts.root_token;
  // The hosts go in a plain (hashed, sorted) object: an ordered_json inserts in linear time,
  // which is quadratic for the 10,000 hosts of a benchmark.
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& host : scenario.hosts) {
    hosts[host.name] = host.address.to_string();
  }
  auto text = line.dump();
  text.pop_back(); // the closing brace
  return text + ",\"hosts\":" + hosts.dump() + "}";
}

} // namespace emready::lab
