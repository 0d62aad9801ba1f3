#include "emready/lab/tls/lab_pki.hpp"

#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <doctest/doctest.h>
#include <filesystem>
#include <memory>

using emready::lab::scenario::TlsFault;
using emready::lab::tls::Credentials;
using emready::lab::tls::LabPki;

namespace {

struct Temp
{
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("emready-pki-test-" + std::to_string(::getpid()));
  Temp() { std::filesystem::create_directories(dir); }
  ~Temp() { std::filesystem::remove_all(dir); }
};

// X509_verify_cert of `credentials` against `root`, optionally for `host`; the error code.
int verify(const Credentials& credentials, X509* root, const char* host = nullptr)
{
  const std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                      X509_STORE_free);
  X509_STORE_add_cert(store.get(), root);
  STACK_OF(X509)* chain = sk_X509_new_null();
  for (const auto& cert : credentials.chain) {
    sk_X509_push(chain, cert.get());
  }
  X509_STORE_CTX* context = X509_STORE_CTX_new();
  X509_STORE_CTX_init(context, store.get(), credentials.leaf.get(), chain);
  if (host != nullptr) {
    X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(context), host, 0);
  }
  const int ok = X509_verify_cert(context);
  const int error = ok == 1 ? X509_V_OK : X509_STORE_CTX_get_error(context);
  X509_STORE_CTX_free(context);
  sk_X509_free(chain);
  return error;
}

} // namespace

TEST_CASE("lab: certificates verify or fail as their fault says")
{
  const Temp temp;
  LabPki pki(temp.dir);
  X509* root = pki.root().cert.get();
  const std::string host = "gw.srv.ygles.com";
  CHECK(verify(pki.credentials_for(host, TlsFault::ok, 0), root, host.c_str()) == X509_V_OK);
  CHECK(verify(pki.credentials_for(host, TlsFault::expired, 0), root) ==
        X509_V_ERR_CERT_HAS_EXPIRED);
  CHECK(verify(pki.credentials_for(host, TlsFault::not_yet_valid, 0), root) ==
        X509_V_ERR_CERT_NOT_YET_VALID);
  CHECK(verify(pki.credentials_for(host, TlsFault::wrong_name, 0), root, host.c_str()) ==
        X509_V_ERR_HOSTNAME_MISMATCH);
  const auto inspected = pki.credentials_for(host, TlsFault::inspection, 0);
  CHECK(verify(inspected, root) != X509_V_OK);
  CHECK(verify(inspected, pki.inspection_root().cert.get()) == X509_V_OK);
  char issuer[256] = {};
  X509_NAME_oneline(X509_get_issuer_name(inspected.leaf.get()), issuer, sizeof issuer);
  CHECK(std::string(issuer) == "/O=Palo Alto Networks/CN=Palo Alto Networks Forward Trust CA");
}

TEST_CASE("lab: a large chain has chain_length intermediates and verifies")
{
  const Temp temp;
  LabPki pki(temp.dir);
  const auto credentials = pki.credentials_for("a.lab.test", TlsFault::large_chain, 12);
  CHECK(credentials.chain.size() == 12);
  CHECK(verify(credentials, pki.root().cert.get(), "a.lab.test") == X509_V_OK);
}

TEST_CASE("lab: the lab CA is kept in the state directory across restarts")
{
  const Temp temp;
  std::string first;
  {
    const LabPki pki(temp.dir);
    first = emready::lab::tls::to_pem(pki.root().cert.get());
    CHECK(std::filesystem::exists(pki.ca_file()));
    CHECK(std::filesystem::exists(pki.inspection_ca_file()));
    CHECK((std::filesystem::status(temp.dir / "lab-ca.key").permissions() &
           std::filesystem::perms::others_read) == std::filesystem::perms::none);
  }
  const LabPki again(temp.dir);
  CHECK(emready::lab::tls::to_pem(again.root().cert.get()) == first);
  CHECK(X509_check_ca(again.root().cert.get()) == 1);
}
