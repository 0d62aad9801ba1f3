// What a report says of a certificate: any DER the peer sends, decoded by OpenSSL, then
// described (subject, issuer, names, validity).
#include "fuzz_target.hpp"

#include "emready/probe/cert_info.hpp"

#include <climits>
#include <openssl/x509.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size > LONG_MAX) {
    return 0;
  }
  const unsigned char* cursor = data;
  X509* cert = d2i_X509(nullptr, &cursor, static_cast<long>(size));
  if (cert != nullptr) {
    (void)emready::probe::describe_cert(cert);
    X509_free(cert);
  }
  return 0;
}
