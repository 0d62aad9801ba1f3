#pragma once

#include "emready/check/verdict.hpp"
#include "emready/dns/address_class.hpp"
#include "emready/dns/answer.hpp"
#include "emready/check/observation.hpp"

#include <string>
#include <vector>

namespace emready::check {

// A verdict and what shows it.
struct Finding
{
  Verdict verdict = Verdict::ok;
  std::vector<std::string> evidence;  // short sentences, most telling first
  std::string interception;           // the inspection product, when the issuer names one
  bool beyond_proxy = false;          // the proxy allowed the request and reported this
                                      // failure on its far side: no rule is missing on it
  bool client_refused = false;        // the proxy refuses this client, whatever the host:
                                      // a rule for the host would not help
  bool server_fault = false;          // what answered misbehaved (not TLS, a chain too large,
                                      // a handshake trickled): no allow rule helps
};

// The DNS verdict for a host from its A/AAAA answers: ok when some answer holds an address
// a public host could have (those inside `accepted` count as such). Warnings (private
// addresses, partial sinkholes) go to `warnings`.
Finding classify_dns(const std::vector<dns::Answer>& answers,
                     const std::vector<dns::Network>& accepted,
                     std::vector<std::string>& warnings);

// The verdict for one probe of one address (or one proxy tunnel) on one port.
Finding classify_probe(const Observation& observation);

// The verdict of a chain check alone (ok when trusted, valid and for the host).
Finding classify_chain(const TlsObservation& tls);

} // namespace emready::check
