#include "test_pki.hpp"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <stdexcept>
#include <stdlib.h>

namespace emready::test {

namespace {

[[noreturn]] void fail(const std::string& what)
{
  char text[256] = "unknown OpenSSL error";
  if (const auto code = ERR_get_error(); code != 0) {
    ERR_error_string_n(code, text, sizeof text);
  }
  ERR_clear_error();
  throw std::runtime_error("test PKI: " + what + ": " + text);
}

std::shared_ptr<EVP_PKEY> new_key()
{
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (key == nullptr) {
    fail("cannot generate a key");
  }
  return {key, EVP_PKEY_free};
}

void add_extension(X509* cert, X509V3_CTX* context, int nid, const std::string& value)
{
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, context, nid, value.c_str());
  if (extension == nullptr || X509_add_ext(cert, extension, -1) != 1) {
    X509_EXTENSION_free(extension);
    fail("cannot add extension " + value);
  }
  X509_EXTENSION_free(extension);
}

void set_serial(X509* cert)
{
  BIGNUM* number = BN_new();
  if (number == nullptr || BN_rand(number, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert)) == nullptr) {
    BN_free(number);
    fail("cannot make a serial number");
  }
  BN_free(number);
}

} // namespace

TestCert make_cert(const TestCertSpec& spec, const TestCert* issuer)
{
  TestCert out{std::shared_ptr<X509>(X509_new(), X509_free), new_key()};
  X509* cert = out.cert.get();
  X509* issuer_cert = issuer != nullptr ? issuer->cert.get() : cert;
  EVP_PKEY* signer = issuer != nullptr ? issuer->key.get() : out.key.get();
  X509_set_version(cert, X509_VERSION_3);
  set_serial(cert);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("emready unit tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert));
  X509_gmtime_adj(X509_getm_notBefore(cert), spec.not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert), spec.not_after);
  X509_set_pubkey(cert, out.key.get());

  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer_cert, cert, nullptr, nullptr, 0);
  if (spec.is_ca) {
    add_extension(cert, &context, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, &context, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert, &context, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert, &context, NID_key_usage, "critical,digitalSignature");
    add_extension(cert, &context, NID_ext_key_usage, "serverAuth");
  }
  add_extension(cert, &context, NID_subject_key_identifier, "hash");
  add_extension(cert, &context, NID_authority_key_identifier, "keyid:always");
  std::string san;
  for (const auto& name : spec.dns_names) {
    san += (san.empty() ? "DNS:" : ",DNS:") + name;
  }
  if (!san.empty()) {
    add_extension(cert, &context, NID_subject_alt_name, san);
  }
  if (X509_sign(cert, signer, EVP_sha256()) <= 0) {
    fail("cannot sign " + spec.common_name);
  }
  return out;
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
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
    fail("cannot write PEM");
  }
  char* data = nullptr;
  const auto size = BIO_get_mem_data(bio.get(), &data);
  return {data, static_cast<std::size_t>(size)};
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
