#include "emready/lab/dns/dns_answer.hpp"
#include "emready/lab/proxy/proxy_decision.hpp"

#include <ldns/ldns.h>

#include <doctest/doctest.h>

using namespace emready::lab::dns;
using namespace emready::lab::net;
using namespace emready::lab::proxy;
using namespace emready::lab::scenario;

namespace {

std::vector<HostSpec> lab_hosts()
{
  HostSpec ok;
  ok.name = "gw.srv.ygles.com";
  ok.address = IpAddress::v4(0x7f010001);
  ok.ports = {443};
  HostSpec broken = ok;
  broken.name = "broken.lab.test";
  broken.dns = DnsFault::servfail;
  HostSpec silent = ok;
  silent.name = "silent.lab.test";
  silent.dns = DnsFault::timeout;
  return {ok, broken, silent};
}

// rcode and answer count of the reply to an ldns-made query for `name`/`type`.
std::pair<int, std::size_t> ask(const HostTable& table, const char* name,
                                ldns_rr_type type = LDNS_RR_TYPE_A)
{
  ldns_pkt* query = nullptr;
  ldns_pkt_query_new_frm_str(&query, name, type, LDNS_RR_CLASS_IN, LDNS_RD);
  std::uint8_t* wire = nullptr;
  std::size_t size = 0;
  ldns_pkt2wire(&wire, query, &size);
  ldns_pkt_free(query);
  const auto reply = answer_query({wire, size}, table);
  std::free(wire);
  if (!reply.wire) {
    return {-1, 0};
  }
  ldns_pkt* parsed = nullptr;
  REQUIRE(ldns_wire2pkt(&parsed, reply.wire->data(), reply.wire->size()) == LDNS_STATUS_OK);
  const std::pair<int, std::size_t> result{ldns_pkt_get_rcode(parsed), ldns_pkt_ancount(parsed)};
  CHECK(ldns_pkt_qr(parsed));
  ldns_pkt_free(parsed);
  return result;
}

} // namespace

TEST_CASE("lab: DNS answers, NODATA, NXDOMAIN and faults")
{
  const auto hosts = lab_hosts();
  const HostTable table(hosts);
  CHECK(ask(table, "GW.srv.ygles.com.") == std::pair<int, std::size_t>{0, 1});
  CHECK(ask(table, "gw.srv.ygles.com", LDNS_RR_TYPE_AAAA) == std::pair<int, std::size_t>{0, 0});
  CHECK(ask(table, "other.example.com") == std::pair<int, std::size_t>{3, 0});
  CHECK(ask(table, "broken.lab.test") == std::pair<int, std::size_t>{2, 0});
  CHECK(ask(table, "silent.lab.test").first == -1);
  const std::uint8_t garbage[] = {1, 2, 3};
  CHECK(!answer_query(garbage, table).wire);
}

TEST_CASE("lab: proxy decisions follow auth, method, allow-list and the lab table")
{
  const auto hosts = lab_hosts();
  const HostTable table(hosts);
  Scenario scenario;
  scenario.port_map.set(443, 10443);
  ProxySpec proxy;
  proxy.auth = "user:secret";
  const auto request = [](const std::string& head) { return parse_proxy_request(head); };
  const std::string auth = "Proxy-Authorization: basic dXNlcjpzZWNyZXQ=\r\n";
  CHECK(decide(request("CONNECT gw.srv.ygles.com:443 HTTP/1.1\r\n"), proxy, table, scenario)
          .status == 407);
  const auto tunnel = decide(request("CONNECT gw.srv.ygles.com:443 HTTP/1.1\r\n" + auth), proxy,
                             table, scenario);
  CHECK(tunnel.status == 200);
  CHECK(with_port(tunnel.address, tunnel.port) == "127.1.0.1:10443");
  CHECK(decide(request("GET http://x/ HTTP/1.1\r\n" + auth), proxy, table, scenario).status ==
        405);
  CHECK(decide(request("CONNECT broken.lab.test:443 HTTP/1.1\r\n" + auth), proxy, table,
               scenario).status == 503);
  CHECK(decide(request("CONNECT nowhere.test:443 HTTP/1.1\r\n" + auth), proxy, table, scenario)
          .status == 503);
  CHECK(decide(request("hello"), proxy, table, scenario).status == 400);
  const auto text = proxy_error_response({403, "no", {}, 0}, proxy);
  CHECK(text.find("HTTP/1.1 403 Forbidden\r\nServer: emready-lab\r\n"
                  "Via: 1.1 emready-lab (emready-lab)\r\n") == 0);
}
