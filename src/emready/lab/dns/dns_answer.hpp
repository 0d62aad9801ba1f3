#pragma once

#include "emready/lab/scenario/host_table.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace emready::lab::dns {

// What the responder does with one query.
struct DnsReply
{
  std::optional<std::vector<std::uint8_t>> wire; // nullopt: send nothing (timeout, garbage)
  std::string summary;                            // one line for the -v log
};

// The authoritative answer to the DNS message `query` from `table`: A/AAAA for served
// hosts (TTL 60, AA), NODATA for other types, NXDOMAIN for other names, and each host's
// DNS fault (`over_tcp`: the query came over TCP, where the truncated fault never answers).
// Messages are parsed and built with ldns; the wire faults are applied to the built bytes.
DnsReply answer_query(std::span<const std::uint8_t> query, const scenario::HostTable& table,
                      bool over_tcp = false);

} // namespace emready::lab::dns
