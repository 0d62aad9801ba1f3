#include "emready/probe/proxy_settings.hpp"

#include "emready/core/error.hpp"
#include "emready/core/host_name.hpp"
#include "emready/handle/handles.hpp"

#include <algorithm>
#include <curl/curl.h>

namespace emready::probe {

namespace {

using CurlUrl = handle::Owned<CURLU>;

std::vector<std::string> split_list(const std::string& text)
{
  std::vector<std::string> out;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',' || c == ' ') {
      if (!item.empty()) {
        out.push_back(core::to_lower(item));
      }
      item.clear();
    } else {
      item += c;
    }
  }
  return out;
}

// One part of a parsed URL ("" when absent).
std::string part(CURLU* url, CURLUPart which, unsigned flags = 0)
{
  char* text = nullptr;
  if (curl_url_get(url, which, &text, flags) != CURLUE_OK || text == nullptr) {
    return "";
  }
  std::string out(text);
  curl_free(text);
  return out;
}

// curl's order: the scheme's own variable first, then ALL_PROXY.
constexpr const char* k_proxy_variables[] = {"HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"};

const std::vector<std::string> k_schemes{"http", "https", "socks4", "socks4a", "socks5", "socks5h"};

// Reads `settings.url` (as typed) into url, display and credentials.
void parse_into(ProxySettings& settings)
{
  const auto typed = settings.url.find("://") == std::string::npos ? "http://" + settings.url
                                                                    : settings.url;
  const auto shown = redact_url(typed);
  const auto scheme = core::to_lower(typed.substr(0, typed.find("://")));
  if (std::find(k_schemes.begin(), k_schemes.end(), scheme) == k_schemes.end()) {
    throw core::InputError(settings.source + ": proxy scheme '" + scheme +
                           "' is not supported (use http, https, socks4, socks4a, socks5 or socks5h)");
  }
  CurlUrl url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, typed.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    throw core::InputError(settings.source + ": '" + shown +
                           "' is not a proxy URL of the form http://[user:pass@]host:port");
  }
  const auto host = part(url.get(), CURLUPART_HOST);
  const auto port = part(url.get(), CURLUPART_PORT);
  const auto path = part(url.get(), CURLUPART_PATH);
  if (host.empty() || port.empty() || (!path.empty() && path != "/")) {
    throw core::InputError(settings.source + ": '" + shown + "' is not a proxy URL of the form " +
                           scheme + "://[user:pass@]host:port (" +
                           (port.empty() ? "the port is missing" : "a proxy URL has no path") + ")");
  }
  settings.url = scheme + "://" + host + ":" + port;
  settings.display = settings.url;
  const auto user = part(url.get(), CURLUPART_USER, CURLU_URLDECODE);
  if (!user.empty() && settings.credentials.user.empty()) {
    settings.credentials.user = user;
    settings.credentials.password = part(url.get(), CURLUPART_PASSWORD, CURLU_URLDECODE);
  }
}

} // namespace

const std::vector<std::string>& proxy_auth_names()
{
  static const std::vector<std::string> names{"any", "basic", "digest", "ntlm", "negotiate"};
  return names;
}

std::optional<ProxyAuth> parse_proxy_auth(const std::string& name)
{
  const auto& names = proxy_auth_names();
  const auto found = std::find(names.begin(), names.end(), core::to_lower(name));
  if (found == names.end()) {
    return std::nullopt;
  }
  return static_cast<ProxyAuth>(found - names.begin());
}

std::string redact_url(const std::string& url)
{
  const auto start = url.find("://");
  const auto authority_start = start == std::string::npos ? 0 : start + 3;
  const auto authority_end = url.find('/', authority_start);
  const auto at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < authority_start) {
    return url;
  }
  const auto colon = url.find(':', authority_start);
  if (colon == std::string::npos || colon > at) {
    return url;
  }
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

bool environment_has_proxy(const EnvLookup& env)
{
  for (const char* name : k_proxy_variables) {
    if (!env(name).empty()) {
      return true;
    }
  }
  return false;
}

bool ProxySettings::socks() const
{
  return url.rfind("socks", 0) == 0;
}

bool ProxySettings::bypassed(const std::string& host) const
{
  for (const auto& entry : no_proxy) {
    if (entry == "*") {
      return true;
    }
    const auto domain = entry[0] == '.' ? entry.substr(1) : entry;
    if (host == domain || core::is_within(host, domain)) {
      return true;
    }
  }
  return false;
}

std::optional<ProxySettings> proxy_settings(const std::string& explicit_url, bool disabled,
                                            const EnvLookup& env,
                                            const std::string& explicit_source)
{
  if (disabled || explicit_url == "none") {
    return std::nullopt;
  }
  ProxySettings settings;
  if (!explicit_url.empty()) {
    settings.source = explicit_source;
    settings.url = explicit_url;
  } else {
    for (const char* name : k_proxy_variables) {
      if (const auto value = env(name); !value.empty()) {
        settings.source = name;
        settings.url = value;
        settings.from_environment = true;
        break;
      }
    }
    if (settings.url.empty()) {
      return std::nullopt;
    }
    auto no_proxy = env("NO_PROXY");
    settings.no_proxy = split_list(no_proxy.empty() ? env("no_proxy") : no_proxy);
  }
  parse_into(settings);
  return settings;
}

} // namespace emready::probe
