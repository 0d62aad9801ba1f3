#include "emready/pac/pac_answer.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace emready::pac {

namespace {

std::string trimmed(const std::string& text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return "";
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string upper(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

bool parse_host_port(const std::string& text, PacRoute& route)
{
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() || colon + 6 < text.size()) {
    return false;
  }
  const auto host = text.substr(0, colon);
  const auto port = text.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos ||
      host.find_first_of(" \t/@") != std::string::npos) {
    return false;
  }
  const auto number = std::stoul(port);
  if (number == 0 || number > 65535) {
    return false;
  }
  route.host = host;
  route.port = static_cast<std::uint16_t>(number);
  return true;
}

} // namespace

std::string PacRoute::text() const
{
  switch (kind) {
  case Kind::direct: return "DIRECT";
  case Kind::proxy: return fmt::format("PROXY {}:{}", host, port);
  case Kind::https: return fmt::format("HTTPS {}:{}", host, port);
  case Kind::socks4: return fmt::format("SOCKS4 {}:{}", host, port);
  case Kind::socks5: return fmt::format("SOCKS5 {}:{}", host, port);
  }
  return "DIRECT";
}

std::string PacRoute::url() const
{
  switch (kind) {
  case Kind::direct: return "";
  case Kind::proxy: return fmt::format("http://{}:{}", host, port);
  case Kind::https: return fmt::format("https://{}:{}", host, port);
  case Kind::socks4: return fmt::format("socks4://{}:{}", host, port);
  case Kind::socks5: return fmt::format("socks5h://{}:{}", host, port); // browsers let it resolve
  }
  return "";
}

std::optional<std::vector<PacRoute>> parse_pac_answer(const std::string& answer, std::string& error)
{
  std::vector<PacRoute> routes;
  std::size_t start = 0;
  while (start <= answer.size()) {
    const auto end = std::min(answer.find(';', start), answer.size());
    const auto entry = trimmed(answer.substr(start, end - start));
    start = end + 1;
    if (entry.empty()) {
      continue;
    }
    const auto space = entry.find_first_of(" \t");
    const auto keyword = upper(entry.substr(0, space));
    const auto rest = space == std::string::npos ? std::string() : trimmed(entry.substr(space));
    PacRoute route;
    if (keyword == "DIRECT" && rest.empty()) {
      routes.push_back(route);
      continue;
    }
    if (keyword == "PROXY") {
      route.kind = PacRoute::Kind::proxy;
    } else if (keyword == "HTTPS") {
      route.kind = PacRoute::Kind::https;
    } else if (keyword == "SOCKS" || keyword == "SOCKS4") {
      route.kind = PacRoute::Kind::socks4;
    } else if (keyword == "SOCKS5") {
      route.kind = PacRoute::Kind::socks5;
    } else {
      error = fmt::format("'{}' is not a PAC route (DIRECT, PROXY host:port, HTTPS host:port, "
                          "SOCKS host:port, SOCKS5 host:port)", entry);
      return std::nullopt;
    }
    if (!parse_host_port(rest, route)) {
      error = fmt::format("'{}' does not name host:port", entry);
      return std::nullopt;
    }
    routes.push_back(route);
  }
  if (routes.empty()) {
    error = "the answer is empty";
    return std::nullopt;
  }
  return routes;
}

} // namespace emready::pac
