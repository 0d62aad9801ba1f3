#include "emready/lab/dns/dns_answer.hpp"

#include <ldns/ldns.h>

#include <cstdlib>
#include <fmt/format.h>
#include <memory>

namespace emready::lab::dns {

namespace {

constexpr std::uint32_t k_ttl = 60;

struct PacketFree
{
  void operator()(ldns_pkt* packet) const { ldns_pkt_free(packet); }
};
using PacketPtr = std::unique_ptr<ldns_pkt, PacketFree>;

std::string name_of(const ldns_rdf* owner)
{
  char* text = ldns_rdf2str(owner);
  std::string name = text ? scenario::normalized_name(text) : std::string();
  std::free(text);
  return name;
}

// The reply skeleton: same id, opcode, RD and question; QR set.
PacketPtr reply_to(const ldns_pkt* query, const ldns_rr* question, ldns_pkt_rcode rcode,
                   bool authoritative)
{
  PacketPtr reply(ldns_pkt_new());
  ldns_pkt_set_id(reply.get(), ldns_pkt_id(query));
  ldns_pkt_set_qr(reply.get(), true);
  ldns_pkt_set_opcode(reply.get(), ldns_pkt_get_opcode(query));
  ldns_pkt_set_rd(reply.get(), ldns_pkt_rd(query));
  ldns_pkt_set_aa(reply.get(), authoritative);
  ldns_pkt_set_rcode(reply.get(), static_cast<std::uint8_t>(rcode));
  if (question != nullptr) {
    ldns_pkt_push_rr(reply.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));
  }
  if (ldns_pkt_edns(query)) {
    ldns_pkt_set_edns_udp_size(reply.get(), 1232); // RFC 9715's safe size
  }
  return reply;
}

void add_address(ldns_pkt* reply, const ldns_rdf* owner, const net::IpAddress& address)
{
  ldns_rr* rr = ldns_rr_new();
  ldns_rr_set_owner(rr, ldns_rdf_clone(owner));
  ldns_rr_set_type(rr, address.is_v6 ? LDNS_RR_TYPE_AAAA : LDNS_RR_TYPE_A);
  ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
  ldns_rr_set_ttl(rr, k_ttl);
  ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(address.is_v6 ? LDNS_RDF_TYPE_AAAA
                                                           : LDNS_RDF_TYPE_A,
                                             address.is_v6 ? 16 : 4, address.bytes.data()));
  ldns_pkt_push_rr(reply, LDNS_SECTION_ANSWER, rr);
}

std::vector<std::uint8_t> to_wire(const ldns_pkt* reply)
{
  std::uint8_t* data = nullptr;
  std::size_t size = 0;
  if (ldns_pkt2wire(&data, reply, &size) != LDNS_STATUS_OK) {
    std::free(data);
    return {};
  }
  std::vector<std::uint8_t> wire(data, data + size);
  std::free(data);
  return wire;
}

std::optional<ldns_pkt_rcode> fault_rcode(scenario::DnsFault fault)
{
  switch (fault) {
  case scenario::DnsFault::nxdomain:
    return LDNS_RCODE_NXDOMAIN;
  case scenario::DnsFault::servfail:
    return LDNS_RCODE_SERVFAIL;
  case scenario::DnsFault::refused:
    return LDNS_RCODE_REFUSED;
  default:
    return std::nullopt;
  }
}

// The answers of a healthy host of this type: its lab addresses or its `addresses`.
std::vector<net::IpAddress> addresses_for(const scenario::HostSpec& host, ldns_rr_type type)
{
  const auto all = host.answers ? *host.answers : host.listen_addresses();
  std::vector<net::IpAddress> matching;
  for (const auto& address : all) {
    if ((type == LDNS_RR_TYPE_A && !address.is_v6) ||
        (type == LDNS_RR_TYPE_AAAA && address.is_v6)) {
      matching.push_back(address);
    }
  }
  return matching;
}

std::string type_name(ldns_rr_type type)
{
  char* text = ldns_rr_type2str(type);
  std::string name = text ? text : "?";
  std::free(text);
  return name;
}

void add_cname(ldns_pkt* reply, const ldns_rdf* owner, const ldns_rdf* target)
{
  ldns_rr* rr = ldns_rr_new();
  ldns_rr_set_owner(rr, ldns_rdf_clone(owner));
  ldns_rr_set_type(rr, LDNS_RR_TYPE_CNAME);
  ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
  ldns_rr_set_ttl(rr, k_ttl);
  ldns_rr_push_rdf(rr, ldns_rdf_clone(target));
  ldns_pkt_push_rr(reply, LDNS_SECTION_ANSWER, rr);
}

// The wire faults: what a broken resolver or a middlebox that rewrites DNS sends.
DnsReply broken_reply(const ldns_pkt* query, const ldns_rr* question, const scenario::HostSpec& host,
                      bool over_tcp, const std::string& summary)
{
  const auto* owner = ldns_rr_owner(question);
  auto reply = reply_to(query, question, LDNS_RCODE_NOERROR, true);
  switch (host.dns) {
  case scenario::DnsFault::truncated: {
    if (over_tcp) {
      return {std::nullopt, summary + " -> no reply over TCP (truncated fault)"};
    }
    ldns_pkt_set_tc(reply.get(), true);
    return {to_wire(reply.get()), summary + " -> TC, no answer (truncated fault)"};
  }
  case scenario::DnsFault::cname_loop: {
    ldns_rdf* loop = nullptr;
    char* text = ldns_rdf2str(owner);
    const auto status = ldns_str2rdf_dname(&loop, fmt::format("loop.{}", text ? text : "").c_str());
    std::free(text);
    if (status != LDNS_STATUS_OK) {
      return {std::nullopt, summary + " -> no reply (name too long for the loop)"};
    }
    add_cname(reply.get(), owner, loop);
    add_cname(reply.get(), loop, owner);
    ldns_rdf_deep_free(loop);
    return {to_wire(reply.get()), summary + " -> CNAME loop (fault)"};
  }
  default:
    break;
  }
  for (const auto& address : addresses_for(host, ldns_rr_get_type(question))) {
    add_address(reply.get(), owner, address);
  }
  auto wire = to_wire(reply.get());
  if (wire.size() < 12) {
    return {std::nullopt, summary + " -> no reply (cannot build it)"};
  }
  if (host.dns == scenario::DnsFault::wrong_id) {
    wire[0] ^= 0x5a;
    wire[1] ^= 0xa5;
    return {std::move(wire), summary + " -> reply under another ID (fault)"};
  }
  // malformed: one more answer announced than sent, or the last record cut short.
  if (ldns_pkt_ancount(reply.get()) == 0) {
    wire[7] = 1;
  } else {
    wire.resize(wire.size() - 3);
  }
  return {std::move(wire), summary + " -> malformed reply (fault)"};
}

bool is_wire_fault(scenario::DnsFault fault)
{
  return fault == scenario::DnsFault::malformed || fault == scenario::DnsFault::wrong_id ||
         fault == scenario::DnsFault::truncated || fault == scenario::DnsFault::cname_loop;
}

DnsReply answer_question(const ldns_pkt* query, const ldns_rr* question,
                         const scenario::HostTable& table, bool over_tcp)
{
  const auto* owner = ldns_rr_owner(question);
  const auto type = ldns_rr_get_type(question);
  const auto name = name_of(owner);
  const auto summary = fmt::format("dns {} {}", type_name(type), name);
  const auto* host = table.find(name);
  if (host == nullptr) {
    return {to_wire(reply_to(query, question, LDNS_RCODE_NXDOMAIN, true).get()),
            summary + " -> NXDOMAIN (not served)"};
  }
  if (host->dns == scenario::DnsFault::timeout) {
    return {std::nullopt, summary + " -> no reply (timeout fault)"};
  }
  if (is_wire_fault(host->dns)) {
    return broken_reply(query, question, *host, over_tcp, summary);
  }
  if (const auto rcode = fault_rcode(host->dns)) {
    return {to_wire(reply_to(query, question, *rcode, *rcode == LDNS_RCODE_NXDOMAIN).get()),
            fmt::format("{} -> {} (fault)", summary, to_string(host->dns))};
  }
  auto reply = reply_to(query, question, LDNS_RCODE_NOERROR, true);
  std::string shown;
  if (host->dns != scenario::DnsFault::nodata) {
    for (const auto& address : addresses_for(*host, type)) {
      add_address(reply.get(), owner, address);
      shown += " " + address.to_string();
    }
  }
  return {to_wire(reply.get()), summary + " ->" + (shown.empty() ? " NODATA" : shown)};
}

} // namespace

DnsReply answer_query(std::span<const std::uint8_t> query, const scenario::HostTable& table,
                      bool over_tcp)
{
  ldns_pkt* parsed = nullptr;
  if (ldns_wire2pkt(&parsed, query.data(), query.size()) != LDNS_STATUS_OK) {
    return {std::nullopt, "dns: unparsable message ignored"};
  }
  const PacketPtr packet(parsed);
  if (ldns_pkt_qr(packet.get())) {
    return {std::nullopt, "dns: a response was sent to us; ignored"};
  }
  const auto* questions = ldns_pkt_question(packet.get());
  const auto count = questions ? ldns_rr_list_rr_count(questions) : 0;
  if (ldns_pkt_get_opcode(packet.get()) != LDNS_PACKET_QUERY) {
    return {to_wire(reply_to(packet.get(), nullptr, LDNS_RCODE_NOTIMPL, false).get()),
            "dns: opcode not implemented"};
  }
  if (count != 1) {
    return {to_wire(reply_to(packet.get(), nullptr, LDNS_RCODE_FORMERR, false).get()),
            "dns: not exactly one question"};
  }
  return answer_question(packet.get(), ldns_rr_list_rr(questions, 0), table, over_tcp);
}

} // namespace emready::lab::dns
