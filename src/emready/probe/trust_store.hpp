#pragma once

#include "emready/check/observation.hpp"

#include <memory>
#include <openssl/x509.h>
#include <string>

namespace emready::probe {

// The certificates a printer trusts, used to judge every chain a server (or an
// interception proxy) sends. Not the workstation's store: a CA an admin installed locally
// must not hide interception the devices will suffer.
//
// Loading is cheap: the roots are read and indexed by subject name, and a root is decoded
// into an X509 only when a chain names it as its issuer (OpenSSL 3 spends ~0.2 ms decoding
// each certificate's key; 142 Mozilla roots decoded up front cost ~30 ms on every run).
class TrustStore
{
public:
  // Where Debian's ca-certificates keeps the Mozilla roots it ships.
  static constexpr const char* k_mozilla_dir = "/usr/share/ca-certificates/mozilla";

  // The public Mozilla roots as shipped by ca-certificates (every *.crt in `dir`). Throws
  // core::InputError when there are none.
  static TrustStore mozilla(const std::string& dir = k_mozilla_dir);

  // Every certificate of the PEM file `path`. Throws core::InputError when the file cannot
  // be read (with the OS reason) or holds no certificate.
  static TrustStore from_file(const std::string& path);

  TrustStore(TrustStore&&) noexcept;
  TrustStore& operator=(TrustStore&&) noexcept;
  ~TrustStore();

  // Verifies `chain` (leaf first, as sent) for `host` now: trust, validity, name, purpose.
  // A chain that verified without error is remembered (until it expires), so the next host
  // sharing it costs a name check only.
  check::ChainCheck verify(STACK_OF(X509) * chain, const std::string& host) const;

  // How many certificates the set holds.
  std::size_t size() const;

  // E.g. "142 Mozilla roots (/usr/share/ca-certificates/mozilla)".
  const std::string& description() const { return m_description; }

  // "mozilla" (the public roots, as printers have them) or "file" (--ca-file), and where.
  const std::string& kind() const { return m_kind; }
  const std::string& source() const { return m_source; }

  // The roots and OpenSSL's store over them (opaque).
  struct Roots;

private:
  explicit TrustStore(std::unique_ptr<Roots> roots);

  std::unique_ptr<Roots> m_roots;
  std::string m_description;
  std::string m_kind;
  std::string m_source;
};

// What a verifier error code (X509_V_ERR_*) means for a verdict.
check::ChainProblem chain_problem(int verify_error);

} // namespace emready::probe
