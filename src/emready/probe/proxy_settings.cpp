#include "emready/probe/proxy_settings.hpp"

#include "emready/core/error.hpp"
#include "emready/core/host_name.hpp"

namespace emready::probe {

namespace {

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

// Checks the URL and returns it without credentials.
std::string validated(std::string url, const std::string& source)
{
  if (url.find("://") == std::string::npos) {
    url = "http://" + url; // curl's default scheme for proxies
  }
  const auto scheme_end = url.find("://");
  const auto scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    throw core::InputError(source + ": proxy scheme '" + scheme +
                           "' is not supported (use http://host:port or https://host:port)");
  }
  auto rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const auto at = rest.rfind('@');
  const auto host_port = at == std::string::npos ? rest : rest.substr(at + 1);
  const auto colon = host_port.rfind(':');
  const bool has_port = colon != std::string::npos && host_port.back() != ']' &&
                        colon + 1 < host_port.size();
  if (host_port.empty() || host_port[0] == ':' || !has_port ||
      host_port.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    throw core::InputError(source + ": '" + url +
                           "' is not a proxy URL of the form http://[user:pass@]host:port");
  }
  return scheme + "://" + host_port;
}

} // namespace

bool ProxySettings::has_credentials() const
{
  const auto start = url.find("://");
  const auto authority = url.substr(start == std::string::npos ? 0 : start + 3);
  return authority.substr(0, authority.find('/')).find('@') != std::string::npos;
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
    for (const char* name : {"HTTPS_PROXY", "https_proxy"}) {
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
  settings.display = validated(settings.url, settings.source);
  if (settings.url.find("://") == std::string::npos) {
    settings.url = "http://" + settings.url;
  }
  return settings;
}

} // namespace emready::probe
