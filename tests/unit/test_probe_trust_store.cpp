#include "emready/core/error.hpp"
#include "emready/probe/trust_store.hpp"

#include "test_pki.hpp"

#include <doctest/doctest.h>
#include <openssl/x509_vfy.h>

using namespace emready;
using test::make_ca;
using test::make_leaf;
using test::TestCert;
using test::TestChain;

namespace {

constexpr const char* k_host = "gw.srv.ygles.com";
constexpr long k_day = 86400;

// A site's PKI: a root the devices trust, an intermediate under it, and a stranger CA with
// its own intermediate (as an inspecting proxy would have).
struct Pki
{
  TestCert root = make_ca("emready test root");
  TestCert intermediate = make_ca("emready test intermediate", &root);
  TestCert stranger_root = make_ca("stranger root");
  TestCert stranger_intermediate = make_ca("stranger intermediate", &stranger_root);
};

const Pki& pki()
{
  static const Pki instance;
  return instance;
}

// A trust store holding only the test root.
const probe::TrustStore& store()
{
  static const test::TestDir dir;
  static const auto instance =
    probe::TrustStore::from_file(dir.write("root.pem", test::to_pem(pki().root.cert.get())));
  return instance;
}

check::ChainCheck verify(std::initializer_list<const TestCert*> chain, const char* host = k_host)
{
  const TestChain stack(chain);
  return store().verify(stack.get(), host);
}

} // namespace

TEST_CASE("unit: trust store: a complete chain from a trusted root verifies clean")
{
  const auto leaf = make_leaf(k_host, pki().intermediate);
  const auto check = verify({&leaf, &pki().intermediate});
  CHECK(check.checked);
  CHECK(check.errors.empty());
  CHECK(check.messages.empty());
  // The root may be sent too: it is the same trusted certificate.
  CHECK(verify({&leaf, &pki().intermediate, &pki().root}).errors.empty());
  // A leaf straight from the root needs no intermediate.
  const auto direct = make_leaf(k_host, pki().root);
  CHECK(verify({&direct}).errors.empty());
}

TEST_CASE("unit: trust store: no chain is not checked")
{
  const auto check = store().verify(nullptr, k_host);
  CHECK_FALSE(check.checked);
  CHECK(check.errors.empty());
  const TestChain empty({});
  CHECK_FALSE(store().verify(empty.get(), k_host).checked);
}

TEST_CASE("unit: trust store: an expired leaf is X509_V_ERR_CERT_HAS_EXPIRED")
{
  const auto leaf = make_leaf(k_host, pki().intermediate, -30 * k_day, -k_day);
  const auto check = verify({&leaf, &pki().intermediate});
  CHECK(check.checked);
  CHECK(check.errors == std::vector<int>{X509_V_ERR_CERT_HAS_EXPIRED});
  CHECK(check.messages == std::vector<std::string>{"certificate has expired"});
}

TEST_CASE("unit: trust store: a leaf valid only from tomorrow is X509_V_ERR_CERT_NOT_YET_VALID")
{
  const auto leaf = make_leaf(k_host, pki().intermediate, k_day, 30 * k_day);
  const auto check = verify({&leaf, &pki().intermediate});
  CHECK(check.errors == std::vector<int>{X509_V_ERR_CERT_NOT_YET_VALID});
  CHECK(check.messages == std::vector<std::string>{"certificate is not yet valid"});
}

TEST_CASE("unit: trust store: a certificate for another name is X509_V_ERR_HOSTNAME_MISMATCH")
{
  const auto leaf = make_leaf("other.example.com", pki().intermediate);
  const auto check = verify({&leaf, &pki().intermediate});
  CHECK(check.errors == std::vector<int>{X509_V_ERR_HOSTNAME_MISMATCH});
  CHECK(check.messages == std::vector<std::string>{"hostname mismatch"});
  // The name is matched as a DNS name, case-insensitively; a wildcard covers one label.
  CHECK(verify({&leaf, &pki().intermediate}, "OTHER.example.COM").errors.empty());
  const auto wildcard = make_leaf("*.srv.ygles.com", pki().intermediate);
  CHECK(verify({&wildcard, &pki().intermediate}).errors.empty());
  CHECK(verify({&wildcard, &pki().intermediate}, "a.gw.srv.ygles.com").errors ==
        std::vector<int>{X509_V_ERR_HOSTNAME_MISMATCH});
}

TEST_CASE("unit: trust store: a chain from an unknown CA is untrusted")
{
  const auto& p = pki();
  const auto leaf = make_leaf(k_host, p.stranger_intermediate);
  // As an inspecting proxy sends it, with its root: a self-signed certificate in the chain.
  const auto with_root = verify({&leaf, &p.stranger_intermediate, &p.stranger_root});
  CHECK(with_root.errors == std::vector<int>{X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN});
  CHECK(with_root.messages ==
        std::vector<std::string>{"self-signed certificate in certificate chain"});
  // Without its root: the issuer is found nowhere.
  const auto without_root = verify({&leaf, &p.stranger_intermediate});
  CHECK(without_root.errors == std::vector<int>{X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY});
  CHECK(without_root.messages ==
        std::vector<std::string>{"unable to get local issuer certificate"});
  // A self-signed leaf.
  const auto self_signed = test::make_cert({k_host, {k_host}, false, -k_day, 30 * k_day}, nullptr);
  const auto alone = verify({&self_signed});
  CHECK(alone.errors == std::vector<int>{X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT});
  CHECK(alone.messages == std::vector<std::string>{"self-signed certificate"});
}

TEST_CASE("unit: trust store: a chain missing its intermediate cannot be completed")
{
  const auto leaf = make_leaf(k_host, pki().intermediate);
  const auto check = verify({&leaf});
  REQUIRE_FALSE(check.errors.empty());
  CHECK(check.errors.front() == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  CHECK(check.messages.front() == "unable to get local issuer certificate");
  // OpenSSL then also cannot check the leaf's signature.
  CHECK(check.errors == std::vector<int>{X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
                                         X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE});
  CHECK(check.messages == std::vector<std::string>{"unable to get local issuer certificate",
                                                   "unable to verify the first certificate"});
}

TEST_CASE("unit: trust store: every error of a chain is reported, each once")
{
  // Expired, for another name, from a CA the store does not hold.
  const auto leaf = make_leaf("other.example.com", pki().stranger_intermediate, -30 * k_day, -k_day);
  const auto check = verify({&leaf, &pki().stranger_intermediate});
  CHECK(check.errors == std::vector<int>{X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
                                         X509_V_ERR_HOSTNAME_MISMATCH,
                                         X509_V_ERR_CERT_HAS_EXPIRED});
  CHECK(check.messages == std::vector<std::string>{"unable to get local issuer certificate",
                                                   "hostname mismatch", "certificate has expired"});
  // Both the leaf and the intermediate expired: one error code, once.
  const auto old_intermediate =
    test::make_cert({"old intermediate", {}, true, -60 * k_day, -k_day}, &pki().root);
  const auto old_leaf = make_leaf(k_host, old_intermediate, -30 * k_day, -k_day);
  CHECK(verify({&old_leaf, &old_intermediate}).errors ==
        std::vector<int>{X509_V_ERR_CERT_HAS_EXPIRED});
}

TEST_CASE("unit: trust store: a CA certificate is not a server certificate")
{
  // The intermediate itself presented as the leaf: no serverAuth purpose, no name.
  const auto check = verify({&pki().intermediate});
  CHECK(check.errors == std::vector<int>{X509_V_ERR_INVALID_PURPOSE, X509_V_ERR_HOSTNAME_MISMATCH});
  CHECK(check.messages ==
        std::vector<std::string>{"unsuitable certificate purpose", "hostname mismatch"});
}

TEST_CASE("unit: trust store: from_file reads every certificate of a PEM file")
{
  const test::TestDir dir;
  const auto& p = pki();
  const auto bundle = dir.write("bundle.pem", "some text before\n" + test::to_pem(p.root.cert.get()) +
                                                test::to_pem(p.stranger_root.cert.get()));
  const auto both = probe::TrustStore::from_file(bundle);
  CHECK(both.description() == "2 certificates from " + bundle);
  const auto leaf = make_leaf(k_host, p.stranger_intermediate);
  const TestChain chain({&leaf, &p.stranger_intermediate});
  CHECK(both.verify(chain.get(), k_host).errors.empty());
  CHECK_FALSE(store().verify(chain.get(), k_host).errors.empty());
}

TEST_CASE("unit: trust store: from_file errors name the file")
{
  const test::TestDir dir;
  const auto missing = (dir.path / "missing.pem").string();
  CHECK_THROWS_WITH_AS(probe::TrustStore::from_file(missing),
                       ("cannot read certificate file '" + missing + "': No such file or directory").c_str(), core::InputError);
  const auto empty = dir.write("empty.pem", "");
  CHECK_THROWS_WITH_AS(probe::TrustStore::from_file(empty),
                       ("'" + empty + "' holds no PEM certificate").c_str(),
                       core::InputError);
  const auto text = dir.write("notes.txt", "not a certificate\n-----BEGIN PRIVATE KEY-----\nAAAA\n");
  CHECK_THROWS_WITH_AS(probe::TrustStore::from_file(text),
                       ("'" + text + "' holds no PEM certificate").c_str(),
                       core::InputError);
  CHECK_THROWS_AS(probe::TrustStore::from_file(dir.path.string()), core::InputError);
}

TEST_CASE("unit: trust store: the Mozilla roots load, and a test CA is not among them")
{
  const auto mozilla = probe::TrustStore::mozilla();
  const auto& text = mozilla.description();
  CHECK(text.find(" Mozilla roots (") != std::string::npos);
  const auto count = std::stoi(text.substr(0, text.find(' ')));
  CHECK(count > 100);
  const auto leaf = make_leaf(k_host, pki().intermediate);
  const TestChain chain({&leaf, &pki().intermediate, &pki().root});
  CHECK(mozilla.verify(chain.get(), k_host).errors ==
        std::vector<int>{X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN});
}
