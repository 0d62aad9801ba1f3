#include "emready/agent/route.hpp"

#include <stdexcept>

namespace emready::agent {

std::string Route::connect_to(const std::string& host, std::uint16_t port) const
{
  if (!proxy.empty()) {
    return "";
  }
  const auto it = addresses.find(host);
  if (it == addresses.end()) {
    // Never let curl fall back to the system's resolver: it could reach the real host.
    throw std::runtime_error("no address for " + host + " (see the resolve step)");
  }
  const auto& address = it->second;
  const auto shown = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  return host + ":" + std::to_string(port) + ":" + shown + ":" + std::to_string(port_map.mapped(port));
}

curl_slist* apply_route(CURL* curl, const Route& route, const std::string& host,
                        std::uint16_t port)
{
  const auto pin = route.connect_to(host, port);
  if (!route.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, route.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CAPATH, nullptr);
  }
  curl_easy_setopt(curl, CURLOPT_PROXY, route.proxy.c_str()); // "" → no proxy at all
  if (!route.proxy.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPPROXYTUNNEL, 1L);
  }
  if (!route.proxy_user.empty()) {
    curl_easy_setopt(curl, CURLOPT_PROXYUSERNAME, route.proxy_user.c_str());
    curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD, route.proxy_password.c_str());
  }
  if (pin.empty()) {
    return nullptr;
  }
  auto* list = curl_slist_append(nullptr, pin.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_TO, list);
  return list;
}

} // namespace emready::agent
