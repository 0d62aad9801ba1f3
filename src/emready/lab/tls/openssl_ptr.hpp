#pragma once

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace emready::lab::tls {

// Frees OpenSSL objects through their own free functions.
struct OpenSslFree
{
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
  void operator()(SSL* ssl) const { SSL_free(ssl); }
  void operator()(BIO* bio) const { BIO_free_all(bio); }
};

// Owning pointers to OpenSSL objects; shared ones may be handed to many TLS contexts.
using KeyPtr = std::shared_ptr<EVP_PKEY>;
using CertPtr = std::shared_ptr<X509>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslFree>;
using SslPtr = std::unique_ptr<SSL, OpenSslFree>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree>;

// Takes ownership of a freshly created key or certificate (nullptr stays empty).
inline KeyPtr own(EVP_PKEY* key) { return key ? KeyPtr(key, OpenSslFree{}) : KeyPtr(); }
inline CertPtr own(X509* cert) { return cert ? CertPtr(cert, OpenSslFree{}) : CertPtr(); }

} // namespace emready::lab::tls
