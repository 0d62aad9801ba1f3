#pragma once

#include "emready/lab/scenario/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace emready::lab {

// What the ready line reports about a running lab.
struct ReadyFacts
{
  net::IpAddress listen;
  std::uint16_t dns_port = 0;
  std::optional<std::uint16_t> proxy_port; // absent without a proxy
  std::filesystem::path ca_file;
  std::filesystem::path inspection_ca_file;
  std::filesystem::path state_dir;
  std::string root_token; // the services' root tenant token
};

// The single JSON line printed once everything listens: ready, pid, dns, proxy, ca_file,
// inspection_ca_file, state, port_map, root_token and hosts (name → lab address).
std::string ready_line(const scenario::Scenario& scenario, const ReadyFacts& facts);

} // namespace emready::lab
