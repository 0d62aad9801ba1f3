#pragma once

#include "emready/lab/tls/openssl_ptr.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace emready::lab::tls {

// What a certificate says about its subject and how long it is valid.
struct CertSpec
{
  std::string common_name;
  std::string organization = "emready lab";
  std::vector<std::string> dns_names; // subjectAltName DNS entries (leaves)
  bool is_ca = false;
  std::chrono::seconds not_before{-86400}; // relative to now
  std::chrono::seconds not_after{365 * 86400};
  std::size_t padding = 0; // bytes of a private, non-critical extension: an oversized certificate
};

// A CA's spec: `name`, organisation `organization`, valid from yesterday for `days` days.
CertSpec ca_spec(const std::string& name, const std::string& organization, long days);

// A leaf for `name` (CN and SAN), valid from `from` to `to` relative to now.
CertSpec leaf_spec(const std::string& name, std::chrono::seconds from, std::chrono::seconds to);

// A certificate with the private key of its subject.
struct KeyPair
{
  CertPtr cert;
  KeyPtr key;
};

// A new ECDSA P-256 key.
KeyPtr generate_key();

// Issues a certificate for `subject_key` as `spec` says, signed with SHA-256 by `issuer`
// (or self-signed when `issuer.cert` is empty). Adds basicConstraints, keyUsage, SKI, AKI,
// SAN and serverAuth (leaves), and a random serial. Throws std::runtime_error on failure.
CertPtr issue(const CertSpec& spec, EVP_PKEY* subject_key, const KeyPair& issuer);

// The PEM text of a certificate / private key.
std::string to_pem(X509* cert);
std::string to_pem(EVP_PKEY* key);

// Parses PEM text; empty pointers when it holds no such object.
CertPtr cert_from_pem(const std::string& pem);
KeyPtr key_from_pem(const std::string& pem);

// The first OpenSSL error on this thread as text (and clears the queue).
std::string openssl_error();

} // namespace emready::lab::tls
