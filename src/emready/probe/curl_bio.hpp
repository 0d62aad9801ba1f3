#pragma once
// Internal to the network layer.

#include <curl/curl.h>
#include <openssl/bio.h>

namespace emready::probe {

// An OpenSSL BIO that reads and writes through a CONNECT_ONLY easy handle
// (curl_easy_recv/curl_easy_send), non-blocking: a would-block is a retry. Through an
// https:// proxy the tunnel is itself inside TLS (libcurl's, to the proxy), so the device's
// handshake runs on this BIO instead of on the socket. When the handshake then wants to
// read, libcurl holds no decrypted bytes (its recv said "again"), so waiting for the socket
// to become readable is right. The handle is not owned; it must outlive the BIO.
BIO* curl_bio_new(CURL* curl);

} // namespace emready::probe
