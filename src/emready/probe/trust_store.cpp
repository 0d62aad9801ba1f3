#include "emready/probe/trust_store.hpp"

#include <fmt/format.h>

#include "emready/core/error.hpp"
#include "emready/core/input_file.hpp"
#include "emready/core/open_files.hpp"
#include "emready/handle/handles.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sstream>
#include <ctime>
#include <unordered_map>

namespace emready::probe {

// One root, decoded on first use.
struct Root
{
  std::vector<unsigned char> der;
  handle::Owned<X509_NAME> subject;
  bool loaded = false; // already added to the store
};

// The store OpenSSL verifies with, filled lazily by a lookup method that decodes the roots
// whose subject a chain asks for (the way OpenSSL's own hashed-directory lookup works).
struct TrustStore::Roots
{
  std::vector<Root> roots;
  handle::Owned<X509_LOOKUP_METHOD> method; // outlives the store that uses it
  handle::Owned<X509_STORE> store{X509_STORE_new()};
  // Chains (by their certificates' SHA-256) that verified without any error, and until when
  // that holds (the chain's earliest notAfter): many hosts share one chain.
  std::unordered_map<std::string, std::time_t> trusted_chains;

  Roots();
  void add_pem(const std::string& text);
  int load_subject(const X509_NAME* name);
};

namespace {

// Collects every error instead of stopping at the first, so an expired certificate from an
// unknown CA is reported as both.
int collect_errors(int ok, X509_STORE_CTX* context)
{
  if (!ok) {
    auto* check = static_cast<check::ChainCheck*>(X509_STORE_CTX_get_app_data(context));
    const int error = X509_STORE_CTX_get_error(context);
    if (std::find(check->errors.begin(), check->errors.end(), error) == check->errors.end()) {
      check->errors.push_back(error);
      check->messages.emplace_back(X509_verify_cert_error_string(error));
      const auto problem = chain_problem(error);
      if (!check->has(problem)) {
        check->problems.push_back(problem);
      }
    }
  }
  return 1;
}

// The subject name of a DER certificate, read without decoding the rest (its public key is
// what makes a full decode slow).
handle::Owned<X509_NAME> subject_of(const std::vector<unsigned char>& der)
{
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
  // signature, issuer, validity, subject, … } … } (RFC 5280, 4.1)
  const unsigned char* p = der.data();
  long length = 0;
  int tag = 0;
  int xclass = 0;
  const auto end = [&] { return static_cast<long>(der.data() + der.size() - p); };
  auto enter = [&](int want) {
    const int r = ASN1_get_object(&p, &length, &tag, &xclass, end());
    return (r & 0x80) == 0 && tag == want && xclass == V_ASN1_UNIVERSAL;
  };
  auto skip = [&] {
    const unsigned char* start = p;
    const int r = ASN1_get_object(&p, &length, &tag, &xclass, end());
    if ((r & 0x80) != 0) {
      return false;
    }
    p += length;
    return p > start;
  };
  if (!enter(V_ASN1_SEQUENCE) || !enter(V_ASN1_SEQUENCE)) {
    return nullptr;
  }
  if (end() > 0 && *p == 0xa0 && !skip()) { // [0] EXPLICIT version
    return nullptr;
  }
  for (int field = 0; field < 4; ++field) { // serialNumber, signature, issuer, validity
    if (!skip()) {
      return nullptr;
    }
  }
  const unsigned char* name = p;
  if (!skip()) {
    return nullptr;
  }
  return handle::Owned<X509_NAME>(d2i_X509_NAME(nullptr, &name, p - name));
}

int lookup_by_subject(X509_LOOKUP* lookup, X509_LOOKUP_TYPE type, const X509_NAME* name,
                      X509_OBJECT* out)
{
  auto* roots = static_cast<TrustStore::Roots*>(X509_LOOKUP_get_method_data(lookup));
  if (type != X509_LU_X509 || roots == nullptr || roots->load_subject(name) == 0) {
    return 0;
  }
  // Hand back one of the now-loaded roots. A lookup lends the store's reference (OpenSSL
  // takes its own, as its hashed-directory lookup expects): drop the one set1 adds.
  auto* objects = X509_STORE_get0_objects(X509_LOOKUP_get_store(lookup));
  auto* found = X509_OBJECT_retrieve_by_subject(objects, X509_LU_X509, name);
  auto* cert = found != nullptr ? X509_OBJECT_get0_X509(found) : nullptr;
  if (cert == nullptr || X509_OBJECT_set1_X509(out, cert) != 1) {
    return 0;
  }
  X509_free(cert);
  return 1;
}

} // namespace

TrustStore::Roots::Roots() : method(X509_LOOKUP_meth_new("emready lazy roots"))
{
  X509_LOOKUP_meth_set_get_by_subject(method.get(), lookup_by_subject);
  auto* lookup = X509_STORE_add_lookup(store.get(), method.get());
  X509_LOOKUP_set_method_data(lookup, this);
}

// Base64 only: every "CERTIFICATE" block's DER and subject, no key decoding.
void TrustStore::Roots::add_pem(const std::string& text)
{
  handle::Owned<BIO> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long length = 0;
  while (PEM_read_bio(bio.get(), &name, &header, &data, &length) == 1) {
    if (std::strcmp(name, PEM_STRING_X509) == 0 || std::strcmp(name, PEM_STRING_X509_TRUSTED) == 0 ||
        std::strcmp(name, PEM_STRING_X509_OLD) == 0) {
      Root root;
      root.der.assign(data, data + length);
      root.subject = subject_of(root.der);
      if (root.subject) {
        roots.push_back(std::move(root));
      }
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  ERR_clear_error(); // the loop ends on "no start line"
}

// Decodes and adds every root named `name`; returns how many match.
int TrustStore::Roots::load_subject(const X509_NAME* name)
{
  int matches = 0;
  for (auto& root : roots) {
    if (X509_NAME_cmp(root.subject.get(), name) != 0) {
      continue;
    }
    ++matches;
    if (!root.loaded) {
      root.loaded = true;
      const unsigned char* p = root.der.data();
      handle::Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(root.der.size())));
      if (cert) {
        X509_STORE_add_cert(store.get(), cert.get());
      }
    }
  }
  ERR_clear_error();
  return matches;
}

TrustStore::TrustStore(std::unique_ptr<Roots> roots) : m_roots(std::move(roots)) {}
TrustStore::TrustStore(TrustStore&&) noexcept = default;
TrustStore& TrustStore::operator=(TrustStore&&) noexcept = default;
TrustStore::~TrustStore() = default;

TrustStore TrustStore::mozilla(const std::string& dir)
{
  TrustStore trust(std::make_unique<Roots>());
  std::error_code error;
  std::filesystem::directory_iterator entry(dir, error);
  if (error && core::is_local_exhaustion(error.value())) {
    core::throw_local_exhaustion("opening " + dir, error.value());
  }
  // Stepped by hand: an iterator that failed to open is not copied (range-for would).
  for (const std::filesystem::directory_iterator end; !error && entry != end; entry.increment(error)) {
    if (entry->path().extension() == ".crt") {
      trust.m_roots->add_pem(core::read_input_file(entry->path().string(), "certificate file"));
    }
  }
  if (trust.size() == 0) {
    throw core::InputError("no root certificates (*.crt) in " + dir +
                           (error ? " (" + error.message() + ")" : "") +
                           "; Debian's ca-certificates package installs them there");
  }
  trust.m_description = std::to_string(trust.size()) + " Mozilla roots (" + dir + ")";
  trust.m_kind = "mozilla";
  trust.m_source = dir;
  return trust;
}

TrustStore TrustStore::from_file(const std::string& path)
{
  TrustStore trust(std::make_unique<Roots>());
  trust.m_roots->add_pem(core::read_input_file(path, "certificate file"));
  if (trust.size() == 0) {
    throw core::InputError("'" + path + "' holds no PEM certificate");
  }
  trust.m_description = fmt::format("{} certificate{} from {}", trust.size(), trust.size() == 1 ? "" : "s", path);
  trust.m_kind = "file";
  trust.m_source = path;
  return trust;
}

std::size_t TrustStore::size() const
{
  return m_roots->roots.size();
}

namespace {

// The chain's identity: its certificates' SHA-256 digests, in order; "" when one fails.
std::string chain_key(STACK_OF(X509) * chain)
{
  std::string key;
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (X509_digest(sk_X509_value(chain, i), EVP_sha256(), digest, &size) != 1) {
      return "";
    }
    key.append(reinterpret_cast<const char*>(digest), size);
  }
  return key;
}

// The earliest notAfter of the chain, as time_t (0 when unreadable).
std::time_t valid_until(STACK_OF(X509) * chain)
{
  std::time_t earliest = 0;
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    std::tm tm{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(sk_X509_value(chain, i)), &tm) != 1) {
      return 0;
    }
    const auto when = timegm(&tm);
    earliest = earliest == 0 ? when : std::min(earliest, when);
  }
  return earliest;
}

} // namespace

check::ChainCheck TrustStore::verify(STACK_OF(X509) * chain, const std::string& host) const
{
  check::ChainCheck check;
  if (chain == nullptr || sk_X509_num(chain) == 0) {
    return check;
  }
  check.checked = true;
  // A chain that verified cleanly before needs only the name checked again: the answer is
  // the one a full verification gives (no error at all). Anything else is verified in full,
  // so errors keep OpenSSL's order.
  const auto key = chain_key(chain);
  auto& trusted = m_roots->trusted_chains;
  if (const auto it = trusted.find(key); !key.empty() && it != trusted.end() &&
      std::time(nullptr) < it->second &&
      X509_check_host(sk_X509_value(chain, 0), host.data(), host.size(), 0, nullptr) == 1) {
    return check;
  }
  handle::Owned<X509_STORE_CTX> context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), m_roots->store.get(), sk_X509_value(chain, 0), chain);
  X509_STORE_CTX_set_app_data(context.get(), &check);
  X509_STORE_CTX_set_verify_cb(context.get(), collect_errors);
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(context.get()), host.c_str(), 0);
  X509_verify_cert(context.get());
  ERR_clear_error();
  if (check.errors.empty() && !key.empty()) {
    trusted[key] = valid_until(chain);
  }
  return check;
}

check::ChainProblem chain_problem(int verify_error)
{
  switch (verify_error) {
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: // the leaf alone, its issuer not found
    return check::ChainProblem::issuer_missing;
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_CERT_UNTRUSTED:
  case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    return check::ChainProblem::untrusted;
  case X509_V_ERR_CERT_HAS_EXPIRED:
    return check::ChainProblem::expired;
  case X509_V_ERR_CERT_NOT_YET_VALID:
    return check::ChainProblem::not_yet_valid;
  case X509_V_ERR_HOSTNAME_MISMATCH:
    return check::ChainProblem::name_mismatch;
  case X509_V_ERR_CERT_CHAIN_TOO_LONG:
    return check::ChainProblem::too_long;
  default:
    return check::ChainProblem::other;
  }
}

} // namespace emready::probe
