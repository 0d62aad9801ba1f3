#pragma once

#include "emready/check/observation.hpp"

#include <openssl/x509.h>

namespace emready::probe {

// Subject, issuer, DNS names and validity of `cert`.
check::CertInfo describe_cert(X509* cert);

// `name` in RFC 2253 form ("CN=x,O=y").
std::string name_text(const X509_NAME* name);

} // namespace emready::probe
