#pragma once
// The lab's names for the shared owning handles (handle/handles.hpp).

#include "emready/handle/handles.hpp"

namespace emready::lab::tls {

// Owning pointers to OpenSSL objects; shared ones may be handed to many TLS contexts.
using KeyPtr = handle::Shared<EVP_PKEY>;
using CertPtr = handle::Shared<X509>;
using SslCtxPtr = handle::Owned<SSL_CTX>;
using SslPtr = handle::Owned<SSL>;
using BioPtr = handle::Owned<BIO>;

// Takes ownership of a freshly created key or certificate (nullptr stays empty).
inline KeyPtr own(EVP_PKEY* key) { return handle::share(key); }
inline CertPtr own(X509* cert) { return handle::share(cert); }

} // namespace emready::lab::tls
