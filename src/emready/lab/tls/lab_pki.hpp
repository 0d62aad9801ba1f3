#pragma once

#include "emready/lab/scenario/fault.hpp"
#include "emready/lab/tls/pki.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace emready::lab::tls {

// What a TLS listener presents: the leaf, its key and the intermediates it sends.
struct Credentials
{
  CertPtr leaf;
  KeyPtr key;
  std::vector<CertPtr> chain; // the leaf's issuer first
};

// The lab's certificates: a persistent lab root and "inspection" root, a per-run
// intermediate, and one leaf key shared by every leaf of the run (it is a lab).
class LabPki
{
public:
  // Loads or creates the two roots in `state_dir` (lab-ca.pem, inspection-ca.pem).
  explicit LabPki(const std::filesystem::path& state_dir);

  // The file clients trust (`emready check --ca-file`).
  std::filesystem::path ca_file() const { return m_dir / "lab-ca.pem"; }
  // The interception product's root, which clients are not given.
  std::filesystem::path inspection_ca_file() const { return m_dir / "inspection-ca.pem"; }

  // The lab root and the inspection root.
  const KeyPair& root() const { return m_root; }
  const KeyPair& inspection_root() const { return m_inspection; }

  // The credentials a listener for `host` with `fault` presents; `chain_length` is the
  // number of intermediates for TlsFault::large_chain.
  Credentials credentials_for(const std::string& host, scenario::TlsFault fault,
                              unsigned chain_length);

private:
  CertPtr leaf(const std::string& name, const KeyPair& issuer, std::chrono::seconds from,
               std::chrono::seconds to) const;
  const std::vector<KeyPair>& long_chain(unsigned length);

  std::filesystem::path m_dir;
  KeyPair m_root;
  KeyPair m_inspection;
  KeyPair m_intermediate;
  KeyPtr m_leaf_key;
  std::map<unsigned, std::vector<KeyPair>> m_long_chains; // by length, leaf's issuer last
  std::optional<Credentials> m_wrong_name;
};

} // namespace emready::lab::tls
