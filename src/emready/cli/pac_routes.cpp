#include "emready/cli/pac_routes.hpp"

#include "emready/core/error.hpp"
#include "emready/core/input_file.hpp"
#include "emready/pac/pac_answer.hpp"
#include "emready/pac/pac_runner.hpp"
#include "emready/pac/wpad.hpp"
#include "emready/probe/fetch.hpp"
#include "emready/probe/lookup.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sstream>
#include <sys/stat.h>

namespace emready::cli {

namespace {

constexpr std::size_t k_max_pac = 1u << 20;
constexpr auto k_fetch_timeout = std::chrono::seconds(5);

// A PAC file through the one input reader (regular files only, the OS reason), held to the
// 1 MiB a PAC file may be.
std::string read_pac_file(const std::string& path)
{
  auto text = core::with_context("--pac", [&] { return core::read_input_file(path, "PAC file"); });
  if (text.size() > k_max_pac) {
    throw core::InputError(fmt::format("--pac: '{}' is larger than 1 MiB", path));
  }
  return text;
}

std::string file_text(const std::string& path)
{
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_url(const std::string& text)
{
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

// The lease files of the DHCP clients Debian ships, where they are readable.
std::vector<std::string> lease_files()
{
  std::vector<std::string> out;
  for (const char* directory : {"/var/lib/dhcp", "/var/lib/NetworkManager"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
      const auto name = entry.path().filename().string();
      if (name.find(".lease") != std::string::npos) {
        out.push_back(entry.path().string());
      }
    }
  }
  return out;
}

PacFile find_by_wpad(const std::vector<std::string>& dns_servers)
{
  std::vector<std::string> tried;
  std::vector<std::pair<std::string, std::string>> candidates; // URL, how
  for (const auto& lease : lease_files()) {
    if (const auto url = pac::dhcp_wpad_url(file_text(lease))) {
      candidates.emplace_back(*url, "WPAD (DHCP option 252 in " + lease + ")");
    }
  }
  if (candidates.empty()) {
    tried.push_back("DHCP option 252: in no readable lease file (/var/lib/dhcp, /var/lib/NetworkManager)");
  }
  const auto domains = pac::search_domains(file_text("/etc/resolv.conf"));
  for (const auto& url : pac::wpad_dns_urls(domains)) {
    candidates.emplace_back(url, "WPAD (DNS, search domains of /etc/resolv.conf)");
  }
  if (domains.empty()) {
    tried.push_back("DNS: /etc/resolv.conf names no search domain");
  }
  for (const auto& [url, how] : candidates) {
    const auto got = probe::fetch_small(url, dns_servers, k_fetch_timeout, k_max_pac);
    if (got.ok) {
      return {url, got.body, how};
    }
    tried.push_back(fmt::format("{}: {}", url, got.error));
  }
  throw core::InputError("--wpad found no PAC file:\n  " + fmt::format("{}", fmt::join(tried, "\n  ")));
}

// myIpAddress(): this machine's first IPv4 address that is not loopback.
std::string my_ip_address()
{
  ifaddrs* list = nullptr;
  std::string found = "127.0.0.1";
  if (::getifaddrs(&list) != 0) {
    return found;
  }
  for (auto* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET) {
      continue;
    }
    char text[INET_ADDRSTRLEN] = {};
    const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
    ::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text);
    if (std::string(text).rfind("127.", 0) != 0) {
      found = text;
      break;
    }
  }
  ::freeifaddrs(list);
  return found;
}

std::string url_for(const plan::Target& target, std::uint16_t port)
{
  return port == 443 ? fmt::format("https://{}/", target.host)
                     : fmt::format("https://{}:{}/", target.host, port);
}

} // namespace

PacFile load_pac(const PacOptions& options, const std::vector<std::string>& dns_servers)
{
  if (options.wpad) {
    return find_by_wpad(dns_servers);
  }
  if (is_url(options.pac)) {
    const auto got = probe::fetch_small(options.pac, dns_servers, k_fetch_timeout, k_max_pac);
    if (!got.ok) {
      throw core::InputError(fmt::format("--pac: cannot fetch {}: {}", options.pac, got.error));
    }
    return {options.pac, got.body, "--pac"};
  }
  return {options.pac, read_pac_file(options.pac), "--pac"};
}

std::vector<std::vector<Route>> pac_routes(const PacFile& file, const std::vector<plan::Target>& targets,
                                           const std::vector<std::string>& dns_servers,
                                           const ProxyCredentialOptions& credentials,
                                           double timeout, const std::string& source_address,
                                           std::vector<std::string>& notes)
{
  pac::PacEnvironment environment;
  // The printers' address when the check runs from their network (--source-address).
  environment.my_ip = source_address.empty() ? my_ip_address() : source_address;
  environment.resolve = [dns_servers](const std::string& host) -> std::optional<std::string> {
    const auto answer = probe::lookup(host, 4, dns_servers, std::chrono::seconds(2));
    if (answer.addresses.empty()) {
      return std::nullopt;
    }
    return answer.addresses.front();
  };
  std::vector<pac::PacQuery> queries;
  std::vector<std::size_t> first_query;
  for (const auto& target : targets) {
    first_query.push_back(queries.size());
    for (const auto port : target.ports) {
      queries.push_back({url_for(target, port), target.host});
    }
  }
  const auto answers = pac::evaluate_pac(
    file.text, file.name, queries, environment,
    std::chrono::milliseconds(static_cast<long long>(timeout * 1000)));

  // Every route's proxy carries the same credentials (asked for once).
  probe::ProxySettings scratch;
  const auto no_env = [](const char*) { return std::string(); };
  apply_proxy_credentials(credentials, &scratch, [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  });
  std::vector<std::vector<Route>> out;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const auto& answer = answers[first_query[t]];
    for (std::size_t q = first_query[t] + 1; q < first_query[t] + targets[t].ports.size(); ++q) {
      if (answers[q] != answer) {
        notes.push_back(fmt::format("{} answers \"{}\" for {} but \"{}\" for {}: the first is used",
                                    file.name, answer, queries[first_query[t]].url, answers[q], queries[q].url));
      }
    }
    std::string error;
    const auto parsed = pac::parse_pac_answer(answer, error);
    if (!parsed) {
      throw core::InputError(fmt::format("{}: FindProxyForURL(\"{}\", \"{}\") returned \"{}\": {}",
                                         file.name, queries[first_query[t]].url, targets[t].host, answer, error));
    }
    std::vector<Route> routes;
    for (const auto& route : *parsed) {
      if (route.kind == pac::PacRoute::Kind::direct) {
        routes.push_back({std::nullopt, route.text()});
        continue;
      }
      try {
        auto settings = probe::proxy_settings(route.url(), false, no_env, file.name);
        settings->credentials = scratch.credentials;
        settings->ca_file = scratch.ca_file;
        routes.push_back({std::move(settings), route.text()});
      } catch (const core::InputError& unsupported) {
        notes.push_back(fmt::format("{} for {} skipped: {}", route.text(), targets[t].host, unsupported.what()));
      }
    }
    if (routes.empty()) {
      throw core::InputError(fmt::format("{}: every route it gives for {} (\"{}\") is one emready cannot test",
                                         file.name, targets[t].host, answer));
    }
    out.push_back(std::move(routes));
  }
  return out;
}

} // namespace emready::cli
