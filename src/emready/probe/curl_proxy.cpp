#include "emready/probe/curl_proxy.hpp"

namespace emready::probe {

namespace {

long auth_mask(ProxyAuth scheme)
{
  switch (scheme) {
  case ProxyAuth::any: return static_cast<long>(CURLAUTH_ANY);
  case ProxyAuth::basic: return static_cast<long>(CURLAUTH_BASIC);
  case ProxyAuth::digest: return static_cast<long>(CURLAUTH_DIGEST);
  case ProxyAuth::ntlm: return static_cast<long>(CURLAUTH_NTLM);
  case ProxyAuth::negotiate: return static_cast<long>(CURLAUTH_NEGOTIATE);
  }
  return static_cast<long>(CURLAUTH_ANY);
}

} // namespace

void use_proxy(CURL* curl, const ProxySettings& proxy)
{
  curl_easy_setopt(curl, CURLOPT_PROXY, proxy.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPPROXYTUNNEL, 1L);
  if (!proxy.ca_file.empty()) { // else the workstation's CAs: it is its proxy
    curl_easy_setopt(curl, CURLOPT_PROXY_CAINFO, proxy.ca_file.c_str());
  }
  const auto& credentials = proxy.credentials;
  if (!credentials.present()) {
    return;
  }
  // libcurl answers the strongest scheme the proxy offers among those allowed.
  curl_easy_setopt(curl, CURLOPT_PROXYAUTH, auth_mask(credentials.scheme));
  if (credentials.scheme == ProxyAuth::negotiate && credentials.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_PROXYUSERPWD, ":"); // the ticket cache's identity (curl -U :)
    return;
  }
  curl_easy_setopt(curl, CURLOPT_PROXYUSERNAME, credentials.user.c_str());
  curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD, credentials.password.c_str());
}

} // namespace emready::probe
