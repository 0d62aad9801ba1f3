#include "emready/lab/tls/pki.hpp"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>
#include <stdexcept>

namespace emready::lab::tls {

namespace {

[[noreturn]] void fail(const std::string& what)
{
  throw std::runtime_error(fmt::format("{}: {}", what, openssl_error()));
}

// A positive random 127-bit serial (RFC 5280 §4.1.2.2: at most 20 octets, non-negative).
void set_random_serial(X509* cert)
{
  BIGNUM* number = BN_new();
  if (number == nullptr || BN_rand(number, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert)) == nullptr) {
    BN_free(number);
    fail("cannot make a serial number");
  }
  BN_free(number);
}

void set_name(X509* cert, const CertSpec& spec)
{
  X509_NAME* name = X509_get_subject_name(cert);
  const auto add = [name](const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  };
  add("O", spec.organization);
  add("CN", spec.common_name);
}

void add_extension(X509* cert, X509V3_CTX* context, int nid, const std::string& value)
{
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, context, nid, value.c_str());
  if (extension == nullptr || X509_add_ext(cert, extension, -1) != 1) {
    X509_EXTENSION_free(extension);
    fail(fmt::format("cannot add extension {}", value));
  }
  X509_EXTENSION_free(extension);
}

std::string san_of(const CertSpec& spec)
{
  std::string san;
  for (const auto& name : spec.dns_names) {
    san += fmt::format("{}DNS:{}", san.empty() ? "" : ",", name);
  }
  return san;
}

// An extension under a private-use arc (1.3.6.1.4.1.32473 is IANA's documentation enterprise
// number) holding `bytes` zero bytes: clients skip a non-critical extension they do not know.
void add_padding(X509* cert, std::size_t bytes)
{
  const std::unique_ptr<ASN1_OBJECT, decltype(&ASN1_OBJECT_free)> oid(
    OBJ_txt2obj("1.3.6.1.4.1.32473.1", 1), ASN1_OBJECT_free);
  const std::unique_ptr<ASN1_OCTET_STRING, decltype(&ASN1_OCTET_STRING_free)> value(
    ASN1_OCTET_STRING_new(), ASN1_OCTET_STRING_free);
  const std::string zeros(bytes, '\0');
  if (!oid || !value ||
      ASN1_OCTET_STRING_set(value.get(), reinterpret_cast<const unsigned char*>(zeros.data()),
                            static_cast<int>(zeros.size())) != 1) {
    fail("cannot build the padding extension");
  }
  X509_EXTENSION* extension = X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get());
  if (extension == nullptr || X509_add_ext(cert, extension, -1) != 1) {
    X509_EXTENSION_free(extension);
    fail("cannot add the padding extension");
  }
  X509_EXTENSION_free(extension);
}

void add_extensions(X509* cert, X509* issuer, const CertSpec& spec)
{
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  if (spec.is_ca) {
    add_extension(cert, &context, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, &context, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert, &context, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert, &context, NID_key_usage, "critical,digitalSignature");
    add_extension(cert, &context, NID_ext_key_usage, "serverAuth,clientAuth");
  }
  add_extension(cert, &context, NID_subject_key_identifier, "hash");
  add_extension(cert, &context, NID_authority_key_identifier, "keyid:always");
  if (!spec.dns_names.empty()) {
    add_extension(cert, &context, NID_subject_alt_name, san_of(spec));
  }
  if (spec.padding > 0) {
    add_padding(cert, spec.padding);
  }
}

template <typename T, typename Writer>
std::string pem_of(T* object, Writer write)
{
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get(), object) != 1) {
    fail("cannot write PEM");
  }
  char* data = nullptr;
  const auto size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

int write_key(BIO* bio, EVP_PKEY* key)
{
  return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
}

BioPtr reader_of(const std::string& pem)
{
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

} // namespace

CertSpec ca_spec(const std::string& name, const std::string& organization, long days)
{
  CertSpec spec;
  spec.common_name = name;
  spec.organization = organization;
  spec.is_ca = true;
  spec.not_after = std::chrono::seconds(days * 86400);
  return spec;
}

CertSpec leaf_spec(const std::string& name, std::chrono::seconds from, std::chrono::seconds to)
{
  CertSpec spec;
  spec.common_name = name;
  spec.dns_names = {name};
  spec.not_before = from;
  spec.not_after = to;
  return spec;
}

KeyPtr generate_key()
{
  auto key = own(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) {
    fail("cannot generate an ECDSA P-256 key");
  }
  return key;
}

CertPtr issue(const CertSpec& spec, EVP_PKEY* subject_key, const KeyPair& issuer)
{
  auto cert = own(X509_new());
  X509* self = cert.get();
  X509* issuer_cert = issuer.cert ? issuer.cert.get() : self;
  X509_set_version(self, X509_VERSION_3);
  set_random_serial(self);
  set_name(self, spec);
  X509_set_issuer_name(self, X509_get_subject_name(issuer_cert));
  X509_gmtime_adj(X509_getm_notBefore(self), static_cast<long>(spec.not_before.count()));
  X509_gmtime_adj(X509_getm_notAfter(self), static_cast<long>(spec.not_after.count()));
  X509_set_pubkey(self, subject_key);
  add_extensions(self, issuer_cert, spec);
  EVP_PKEY* signer = issuer.cert ? issuer.key.get() : subject_key;
  if (X509_sign(self, signer, EVP_sha256()) <= 0) {
    fail(fmt::format("cannot sign the certificate for {}", spec.common_name));
  }
  return cert;
}

std::string to_pem(X509* cert) { return pem_of(cert, PEM_write_bio_X509); }
std::string to_pem(EVP_PKEY* key) { return pem_of(key, write_key); }

CertPtr cert_from_pem(const std::string& pem)
{
  const auto bio = reader_of(pem);
  return own(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

KeyPtr key_from_pem(const std::string& pem)
{
  const auto bio = reader_of(pem);
  return own(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string openssl_error()
{
  const auto code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) {
    return "unknown OpenSSL error";
  }
  char text[256] = {};
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

} // namespace emready::lab::tls
