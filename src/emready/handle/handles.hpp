#pragma once
// Owning handles for the C libraries the network layers use (OpenSSL, libcurl, c-ares) and
// for file descriptors: one style everywhere, freed by the library's own function.

#include <ares.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <unistd.h>

#include <memory>
#include <utility>

namespace emready::handle {

// Frees each library object through its own free function.
struct Free
{
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(X509_NAME* name) const { X509_NAME_free(name); }
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
  void operator()(X509_LOOKUP_METHOD* method) const { X509_LOOKUP_meth_free(method); }
  void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
  void operator()(STACK_OF(X509) * chain) const { sk_X509_pop_free(chain, X509_free); }
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
  void operator()(SSL* ssl) const { SSL_free(ssl); }
  void operator()(BIO* bio) const { BIO_free_all(bio); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
  void operator()(ares_channel channel) const { ares_destroy(channel); }
};

// A uniquely owned library object, e.g. Owned<SSL>.
template <typename T>
using Owned = std::unique_ptr<T, Free>;

// A shared library object (keys and certificates handed to many contexts).
template <typename T>
using Shared = std::shared_ptr<T>;

// Takes ownership of a freshly created object for sharing (nullptr stays empty).
template <typename T>
Shared<T> share(T* object)
{
  return object ? Shared<T>(object, Free{}) : Shared<T>();
}

using ChainPtr = Owned<STACK_OF(X509)>;

// libcurl's easy and multi handles are both `void` (curl.h): one deleter type each.
struct CurlEasyFree
{
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlMultiFree
{
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyFree>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiFree>;
using AresChannel = std::unique_ptr<std::remove_pointer_t<ares_channel>, Free>;

// An owned file descriptor, closed on destruction; move-only.
class Fd
{
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept
  {
    if (this != &other) {
      reset(std::exchange(other.m_fd, -1));
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  // The descriptor, -1 when empty.
  int get() const { return m_fd; }
  // True when it holds a descriptor.
  explicit operator bool() const { return m_fd >= 0; }
  // Gives the descriptor up without closing it.
  int release() { return std::exchange(m_fd, -1); }
  // Closes the held descriptor and holds `fd` instead.
  void reset(int fd = -1)
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd = -1;
};

} // namespace emready::handle
