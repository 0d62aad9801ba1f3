#include "emready/probe/trust_store.hpp"

#include "emready/core/error.hpp"

#include <algorithm>
#include <filesystem>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace emready::probe {

namespace {

// Collects every error instead of stopping at the first, so an expired certificate from an
// unknown CA is reported as both.
int collect_errors(int ok, X509_STORE_CTX* context)
{
  if (!ok) {
    auto* check = static_cast<ChainCheck*>(X509_STORE_CTX_get_app_data(context));
    const int error = X509_STORE_CTX_get_error(context);
    if (std::find(check->errors.begin(), check->errors.end(), error) == check->errors.end()) {
      check->errors.push_back(error);
      check->messages.emplace_back(X509_verify_cert_error_string(error));
    }
  }
  return 1;
}

} // namespace

TrustStore::TrustStore(std::string description)
  : m_store(X509_STORE_new(), X509_STORE_free), m_description(std::move(description))
{
}

void TrustStore::add_pem_file(const std::string& path, int& count)
{
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), BIO_free);
  if (!bio) {
    throw core::InputError("cannot read CA file '" + path + "'");
  }
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(m_store.get(), cert);
    X509_free(cert);
    ++count;
  }
  ERR_clear_error(); // the loop ends on "no start line"
}

TrustStore TrustStore::mozilla()
{
  TrustStore store("");
  int count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(k_mozilla_dir, error)) {
    if (entry.path().extension() == ".crt") {
      store.add_pem_file(entry.path().string(), count);
    }
  }
  if (count == 0) {
    throw core::InputError(std::string("no Mozilla root certificates in ") + k_mozilla_dir +
                           " (install the ca-certificates package, or pass --ca-file)");
  }
  store.m_description = std::to_string(count) + " Mozilla roots (" + k_mozilla_dir + ")";
  return store;
}

TrustStore TrustStore::from_file(const std::string& path)
{
  TrustStore store("");
  int count = 0;
  store.add_pem_file(path, count);
  if (count == 0) {
    throw core::InputError("--ca-file '" + path + "' holds no PEM certificate");
  }
  store.m_description = std::to_string(count) + " certificate(s) from " + path;
  return store;
}

ChainCheck TrustStore::verify(STACK_OF(X509) * chain, const std::string& host) const
{
  ChainCheck check;
  if (chain == nullptr || sk_X509_num(chain) == 0) {
    return check;
  }
  check.checked = true;
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(
    X509_STORE_CTX_new(), X509_STORE_CTX_free);
  X509_STORE_CTX_init(context.get(), m_store.get(), sk_X509_value(chain, 0), chain);
  X509_STORE_CTX_set_app_data(context.get(), &check);
  X509_STORE_CTX_set_verify_cb(context.get(), collect_errors);
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(context.get()), host.c_str(), 0);
  X509_verify_cert(context.get());
  ERR_clear_error();
  return check;
}

} // namespace emready::probe
