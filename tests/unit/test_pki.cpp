#include "test_pki.hpp"

#include "emready/lab/tls/pki.hpp"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <stdlib.h>

namespace emready::test {

TestCert make_cert(const TestCertSpec& spec, const TestCert* issuer)
{
  lab::tls::CertSpec lab_spec;
  lab_spec.common_name = spec.common_name;
  lab_spec.organization = "emready test";
  lab_spec.dns_names = spec.dns_names;
  lab_spec.is_ca = spec.is_ca;
  lab_spec.not_before = std::chrono::seconds(spec.not_before);
  lab_spec.not_after = std::chrono::seconds(spec.not_after);
  auto key = lab::tls::generate_key();
  const lab::tls::KeyPair signer{issuer ? issuer->cert : nullptr, issuer ? issuer->key : nullptr};
  auto cert = lab::tls::issue(lab_spec, key.get(), signer);
  return {std::move(cert), std::move(key)};
}

TestCert make_ca(const std::string& name, const TestCert* issuer)
{
  return make_cert({name, {}, true, -86400, 3650L * 86400}, issuer);
}

TestCert make_leaf(const std::string& name, const TestCert& issuer, long not_before, long not_after)
{
  return make_cert({name, {name}, false, not_before, not_after}, &issuer);
}

std::string to_pem(X509* cert)
{
  return lab::tls::to_pem(cert);
}

TestChain::TestChain(std::initializer_list<const TestCert*> certs) : m_stack(sk_X509_new_null())
{
  for (const auto* cert : certs) {
    X509_up_ref(cert->cert.get());
    sk_X509_push(m_stack, cert->cert.get());
  }
}

TestChain::~TestChain() { sk_X509_pop_free(m_stack, X509_free); }

TestDir::TestDir()
{
  auto pattern = (std::filesystem::temp_directory_path() / "emready-unit-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory");
  }
  path = pattern;
}

TestDir::~TestDir()
{
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

std::string TestDir::write(const std::string& name, const std::string& text) const
{
  const auto file = (path / name).string();
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

} // namespace emready::test
