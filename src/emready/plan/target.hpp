#pragma once

#include "emready/profile/profile.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace emready::plan {

// Ports of which at least one must be reachable ({443} alone, or {443, 8883}).
using PortClause = std::vector<std::uint16_t>;

// What one agent needs of a host.
struct Need
{
  std::string agent;
  std::vector<PortClause> clauses; // every clause must be met
  bool required = true;
  std::string condition;           // when not required
};

// One unique host and everyone who needs it.
struct Target
{
  std::string host;
  std::vector<std::uint16_t> ports; // every port any agent names, first-seen order
  std::vector<Need> needs;          // one per agent, in agent order
  profile::Protocol protocol = profile::Protocol::https;
  bool mutual_tls = false;          // some agent uses client certificates here
  std::vector<std::string> notes;   // port notes and notes, deduplicated

  // True when at least one agent requires the host unconditionally.
  bool required() const;
  // The agents that need the host.
  std::vector<std::string> agents() const;
  // The clauses that decide the host's status: those of the required needs (or of all needs
  // when every need is conditional), merged so no clause is implied by a stricter one.
  std::vector<PortClause> clauses() const;
  // The conditions under which conditional agents need the host.
  std::vector<std::string> conditions() const;
};

// One target per unique host of `profiles`, in first-seen order.
std::vector<Target> plan_targets(const std::vector<const profile::Profile*>& profiles);

// The clauses of one endpoint: {ports} when any one is enough, else one clause per port.
std::vector<PortClause> clauses_of(const profile::Endpoint& endpoint);

// `clauses` without duplicates and without any clause that a stricter one implies.
std::vector<PortClause> merge_clauses(std::vector<PortClause> clauses);

// True when `available` meets every clause.
bool meets(const std::vector<PortClause>& clauses, const std::vector<std::uint16_t>& available);

} // namespace emready::plan
