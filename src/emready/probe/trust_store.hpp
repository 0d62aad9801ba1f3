#pragma once

#include "emready/probe/observation.hpp"

#include <memory>
#include <openssl/x509.h>
#include <string>

namespace emready::probe {

// The certificates a printer trusts, used to judge every chain a server (or an
// interception proxy) sends. Not the workstation's store: a CA an admin installed locally
// must not hide interception the devices will suffer.
class TrustStore
{
public:
  // Where Debian's ca-certificates keeps the Mozilla roots it ships.
  static constexpr const char* k_mozilla_dir = "/usr/share/ca-certificates/mozilla";

  // The public Mozilla roots as shipped by ca-certificates. Throws core::InputError when
  // they are missing.
  static TrustStore mozilla();

  // Every certificate of the PEM file `path` (--ca-file). Throws core::InputError when the
  // file cannot be read or holds no certificate.
  static TrustStore from_file(const std::string& path);

  // Verifies `chain` (leaf first, as sent) for `host` now: trust, validity, name, purpose.
  ChainCheck verify(STACK_OF(X509) * chain, const std::string& host) const;

  // E.g. "146 Mozilla roots (ca-certificates)".
  const std::string& description() const { return m_description; }

private:
  explicit TrustStore(std::string description);
  void add_pem_file(const std::string& path, int& count);

  std::shared_ptr<X509_STORE> m_store;
  std::string m_description;
};

} // namespace emready::probe
