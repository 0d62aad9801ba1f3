#pragma once

// A small test PKI: CAs, intermediates and leaves with the validity and names a test asks
// for, issued by the lab's certificate code (lab/tls/pki.hpp), as the lab issues its own.

#include <filesystem>
#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string>
#include <vector>

namespace emready::test {

// A certificate and its subject's private key.
struct TestCert
{
  std::shared_ptr<X509> cert;
  std::shared_ptr<EVP_PKEY> key;
};

// What to put in a certificate.
struct TestCertSpec
{
  std::string common_name;
  std::vector<std::string> dns_names; // subjectAltName DNS entries
  bool is_ca = false;
  long not_before = -86400;     // seconds relative to now
  long not_after = 30 * 86400;  // seconds relative to now
};

// Issues `spec` with a new P-256 key, signed by `issuer` (self-signed when nullptr).
// Throws std::runtime_error when OpenSSL fails.
TestCert make_cert(const TestCertSpec& spec, const TestCert* issuer);

// A CA valid from yesterday for ten years.
TestCert make_ca(const std::string& name, const TestCert* issuer = nullptr);

// A server leaf for `name` (CN and SAN) signed by `issuer`.
TestCert make_leaf(const std::string& name, const TestCert& issuer, long not_before = -86400,
                   long not_after = 30 * 86400);

// The PEM text of a certificate.
std::string to_pem(X509* cert);

// A chain as a server sends it (leaf first), owning its references.
class TestChain
{
public:
  TestChain(std::initializer_list<const TestCert*> certs);
  ~TestChain();
  TestChain(const TestChain&) = delete;
  TestChain& operator=(const TestChain&) = delete;

  STACK_OF(X509) * get() const { return m_stack; }

private:
  STACK_OF(X509) * m_stack;
};

// A fresh directory, removed again at the end of the test.
struct TestDir
{
  std::filesystem::path path;
  TestDir();
  ~TestDir();
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;

  // Writes `text` to `name` inside the directory; returns the file's path.
  std::string write(const std::string& name, const std::string& text) const;
};

} // namespace emready::test
