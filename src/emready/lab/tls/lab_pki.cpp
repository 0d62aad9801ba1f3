#include "emready/lab/tls/lab_pki.hpp"

#include "emready/lab/state/atomic_file.hpp"

#include <fmt/format.h>

namespace emready::lab::tls {

namespace {

using std::chrono::seconds;

constexpr seconds k_day{86400};

// The huge-certificate fault's leaf: 5 MiB, fifty times what OpenSSL clients accept.
constexpr std::size_t k_huge_certificate_bytes = 5u << 20;

// The subject of Palo Alto Networks' default forward-trust (decryption) CA, so the lab's
// interception looks like the real product to the client's classifier.
CertSpec inspection_spec()
{
  return ca_spec("Palo Alto Networks Forward Trust CA", "Palo Alto Networks", 3650);
}

std::string read_file(const std::filesystem::path& path)
{
  return state::read_whole_file(path).value_or("");
}

// The CA kept in `dir` as NAME.pem and NAME.key, created from `spec` when either is missing;
// reusing it keeps the trust anchor across restarts.
KeyPair load_or_create_ca(const std::filesystem::path& dir, const std::string& name,
                          const CertSpec& spec)
{
  const auto cert_path = dir / (name + ".pem");
  const auto key_path = dir / (name + ".key");
  if (std::filesystem::exists(cert_path) && std::filesystem::exists(key_path)) {
    KeyPair pair{cert_from_pem(read_file(cert_path)), key_from_pem(read_file(key_path))};
    if (pair.cert && pair.key && X509_check_private_key(pair.cert.get(), pair.key.get()) == 1) {
      return pair;
    }
    // An unreadable or mismatched pair is replaced rather than trusted.
  }
  KeyPair pair{nullptr, generate_key()};
  pair.cert = issue(spec, pair.key.get(), KeyPair{});
  state::write_atomically(key_path, to_pem(pair.key.get()), 0600);
  state::write_atomically(cert_path, to_pem(pair.cert.get()), 0644);
  return pair;
}

KeyPair make_ca(const std::string& name, const KeyPair& issuer)
{
  KeyPair pair{nullptr, generate_key()};
  pair.cert = issue(ca_spec(name, "emready lab", 1825), pair.key.get(), issuer);
  return pair;
}

} // namespace

LabPki::LabPki(const std::filesystem::path& state_dir)
  : m_dir(state_dir),
    m_root(load_or_create_ca(state_dir, "lab-ca",
                             ca_spec("emready lab root CA", "emready lab", 3650))),
    m_inspection(load_or_create_ca(state_dir, "inspection-ca", inspection_spec())),
    m_intermediate(make_ca("emready lab intermediate CA", m_root)),
    m_leaf_key(generate_key())
{
}

CertPtr LabPki::leaf(const std::string& name, const KeyPair& issuer, seconds from,
                     seconds to) const
{
  return issue(leaf_spec(name, from, to), m_leaf_key.get(), issuer);
}

const std::vector<KeyPair>& LabPki::long_chain(unsigned length)
{
  auto& chain = m_long_chains[length];
  if (chain.empty()) {
    const KeyPair* issuer = &m_root;
    for (unsigned i = 1; i <= length; ++i) {
      chain.push_back(make_ca(fmt::format("emready lab intermediate {} of {}", i, length),
                              *issuer));
      issuer = &chain.back();
    }
  }
  return chain;
}

Credentials LabPki::credentials_for(const std::string& host, scenario::TlsFault fault,
                                    unsigned chain_length)
{
  switch (fault) {
  case scenario::TlsFault::expired:
    return {leaf(host, m_intermediate, -30 * k_day, -k_day), m_leaf_key, {m_intermediate.cert}};
  case scenario::TlsFault::not_yet_valid:
    return {leaf(host, m_intermediate, k_day, 30 * k_day), m_leaf_key, {m_intermediate.cert}};
  case scenario::TlsFault::wrong_name:
    if (!m_wrong_name) {
      m_wrong_name = Credentials{leaf("wrong.emready-lab.invalid", m_intermediate, -k_day,
                                      365 * k_day),
                                 m_leaf_key, {m_intermediate.cert}};
    }
    return *m_wrong_name;
  case scenario::TlsFault::missing_intermediate:
    return {leaf(host, m_intermediate, -k_day, 365 * k_day), m_leaf_key, {}};
  case scenario::TlsFault::inspection:
    return {leaf(host, m_inspection, -k_day, 365 * k_day), m_leaf_key, {m_inspection.cert}};
  case scenario::TlsFault::huge_certificate: {
    auto spec = leaf_spec(host, -k_day, 365 * k_day);
    spec.padding = k_huge_certificate_bytes;
    return {issue(spec, m_leaf_key.get(), m_intermediate), m_leaf_key, {m_intermediate.cert}};
  }
  case scenario::TlsFault::large_chain: {
    const auto& chain = long_chain(chain_length);
    Credentials credentials{leaf(host, chain.back(), -k_day, 365 * k_day), m_leaf_key, {}};
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      credentials.chain.push_back(it->cert);
    }
    return credentials;
  }
  default:
    return {leaf(host, m_intermediate, -k_day, 365 * k_day), m_leaf_key, {m_intermediate.cert}};
  }
}

} // namespace emready::lab::tls
