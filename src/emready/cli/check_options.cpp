#include "emready/cli/check_options.hpp"

#include "emready/cli/context.hpp"
#include "emready/core/error.hpp"
#include "emready/core/port_map.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace emready::cli {

namespace {

// A source address this machine has: the kernel's own answer, a bind to it (EADDRNOTAVAIL
// when it is not one of ours). Returns its family.
int check_source_address(const std::string& address)
{
  sockaddr_storage storage{};
  socklen_t size = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  int family = 0;
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    size = sizeof *v4;
    family = 4;
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    size = sizeof *v6;
    family = 6;
  } else {
    throw core::InputError("--source-address '" + address + "' is not an IPv4 or IPv6 address");
  }
  const int fd = ::socket(storage.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int bound = fd < 0 ? -1 : ::bind(fd, reinterpret_cast<sockaddr*>(&storage), size);
  const int error = errno;
  if (fd >= 0) {
    ::close(fd);
  }
  if (bound != 0) {
    throw core::InputError(fmt::format("--source-address {}: {}", address,
                                       error == EADDRNOTAVAIL ? "this machine has no such address (see `ip address`)"
                                                              : std::strerror(error)));
  }
  return family;
}

void check_interface(const std::string& name)
{
  if (::if_nametoindex(name.c_str()) == 0) {
    std::vector<std::string> names;
    if (auto* list = ::if_nameindex()) {
      for (auto* entry = list; entry->if_index != 0; ++entry) {
        names.emplace_back(entry->if_name);
      }
      ::if_freenameindex(list);
    }
    throw core::InputError(fmt::format("--interface {}: no such interface on this machine (it has: {})",
                                       name, fmt::join(names, ", ")));
  }
}

std::chrono::milliseconds seconds_to_ms(double seconds)
{
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

std::vector<dns::Network> parse_ranges(const std::vector<std::string>& items)
{
  std::vector<dns::Network> out;
  for (const auto& item : items) {
    const auto networks = dns::parse_network(item);
    if (networks.empty()) {
      throw core::InputError("--accept-range '" + item + "' is not a network such as 127.1.0.0/16 or fd00::/8");
    }
    out.push_back(networks.front());
  }
  return out;
}

} // namespace

void add_probe_options(CLI::App& command, CheckOptions& options)
{
  add_agent_option(command, options.agents);
  command.add_option("--dns-server", options.dns_servers,
                     "Ask this DNS server instead of /etc/resolv.conf's (repeatable)")
    ->type_name("IP[:PORT]");
  command.add_flag("-4", options.only_ipv4, "Resolve and probe IPv4 only");
  command.add_flag("-6", options.only_ipv6, "Resolve and probe IPv6 only")->excludes("-4");
  command.add_option("--device-family", options.device_family,
                     "The address family the printers use, which decides readiness: ipv4 (most "
                     "printer networks), ipv6, or dual (either will do); the other family is "
                     "reported as information")
    ->check(CLI::IsMember({"ipv4", "ipv6", "dual"}))->capture_default_str();
  auto* source = command.add_option("--source-address", options.source_address,
                                    "Send DNS queries and probes from this address of this machine "
                                    "(one on the printers' network); its family is the one probed")
                   ->type_name("IP");
  command.add_option("--interface", options.interface,
                     "Send DNS queries and probes through this network interface (the printers' "
                     "VLAN), e.g. eth0.20")
    ->type_name("IFACE")->excludes(source);
  auto* proxy = command.add_option("--proxy", options.proxy,
                                   "Probe through this HTTP proxy (CONNECT), as the printers are "
                                   "configured; 'none' tests the direct path. Default: this "
                                   "workstation's HTTPS_PROXY / https_proxy, then ALL_PROXY / all_proxy, with "
                                   "NO_PROXY")
                  ->type_name("SCHEME://HOST:PORT|none");
  command.add_flag("--no-proxy", options.no_proxy, "Ignore proxy settings from the environment")
    ->excludes(proxy);
  auto* pac = command.add_option("--pac", options.pac.pac,
                                 "Route each endpoint as this PAC file says (FindProxyForURL, "
                                 "evaluated for every endpoint; failover to the next proxy it "
                                 "lists when one is unreachable)")
                ->type_name("FILE|URL")->excludes(proxy);
  command.add_flag("--wpad", options.pac.wpad,
                   "Find the PAC file as browsers do: DHCP option 252, then "
                   "http://wpad.<domain>/wpad.dat for each search domain")
    ->excludes(proxy)->excludes(pac);
  command.add_option("--pac-timeout", options.pac.timeout,
                     "Seconds each FindProxyForURL call may take")
    ->check(CLI::PositiveNumber)->capture_default_str();
  auto& auth = options.proxy_auth;
  command.add_option("--proxy-user", auth.user,
                     "Authenticate to the proxy as USER (DOMAIN\\user for NTLM); the password "
                     "comes from --proxy-password-file, EMREADY_PROXY_PASSWORD, or a prompt")
    ->type_name("USER");
  command.add_option("--proxy-password-file", auth.password_file,
                     "Read the proxy password from the first line of FILE (mode 0600)")
    ->type_name("FILE");
  command.add_flag("--proxy-negotiate", auth.negotiate,
                   "Authenticate to the proxy with Kerberos (SPNEGO) from the ticket cache (kinit)");
  command.add_option("--proxy-auth", auth.scheme,
                     "Schemes the credentials may be sent with: any (the strongest the proxy "
                     "offers), basic, digest, ntlm, negotiate")
    ->check(CLI::IsMember(probe::proxy_auth_names()))->capture_default_str();
  command.add_option("--proxy-ca-file", auth.ca_file,
                     "For an https:// proxy: check its own certificate against these CAs (PEM) "
                     "instead of this workstation's")
    ->type_name("FILE");
  command.add_option("--ca-file", options.ca_file,
                     "Trust these CA certificates (PEM) instead of the public Mozilla roots")
    ->type_name("FILE");
  command.add_option("--dns-timeout", options.dns_timeout, "Seconds for each DNS lookup")
    ->check(CLI::PositiveNumber)->take_last()->capture_default_str();
  command.add_option("--tcp-timeout", options.tcp_timeout, "Seconds for each TCP connect")
    ->check(CLI::PositiveNumber)->take_last()->capture_default_str();
  command.add_option("--tls-timeout", options.tls_timeout, "Seconds for each TLS handshake")
    ->check(CLI::PositiveNumber)->take_last()->capture_default_str();
  command.add_option("--deadline", options.deadline,
                     "Seconds for the whole run; what has not finished is reported as not-run")
    ->check(CLI::PositiveNumber)->take_last();
  command.add_option("-j,--concurrency", options.concurrency, "Probes in flight at once")
    ->check(CLI::Range(1, 100000))->capture_default_str();
  command.add_option("-d,--dialect", options.dialect, "Write missing rules in this dialect")
    ->capture_default_str();
  command.add_option("--port-map", options.port_map,
                     "Connect to another port than the endpoint's (labs without root)")
    ->type_name("PORT=PORT[,...]");
  command.add_option("--accept-range", options.accept_ranges,
                     "Treat DNS answers in this network as genuine, not as a sinkhole (labs, "
                     "internal reverse proxies; repeatable)")
    ->type_name("CIDR");
}

void add_check_options(CLI::App& command, CheckOptions& options)
{
  add_probe_options(command, options);
  command.add_option_function<std::string>(
      "--every",
      [&options](const std::string& text) { options.every = parse_interval(text); },
      "Check again every DURATION (90s, 15m, 1h): the first report in full, then only what changed "
      "(as 'emready diff'); each run's JSON goes to --history. SIGTERM or SIGINT ends it after the run "
      "in progress")
    ->type_name("DURATION");
  command.add_option("--history", options.history, "With --every: the directory for each run's JSON report")
    ->type_name("DIR")->capture_default_str();
  command.add_option("--runs", options.runs, "With --every: stop after N runs (default: until stopped)")
    ->type_name("N")->check(CLI::PositiveNumber);
  add_format_option(command, options.format, {"text", "json", "junit", "markdown", "html"});
  add_output_option(command, options.output);
  command.add_flag("-v,--verbose", options.verbose,
                   "Text report: the full handshake (cipher, certificate) on ok rows too");
  command.footer(
    std::string("\nEvery host is resolved (A and AAAA) and every address probed on every port with TCP and "
    "TLS\n(SNI = the host name; ALPN x-amzn-mqtt-ca for MQTT on 443), all at once. Certificates "
    "are\njudged against the public Mozilla roots, as a printer sees them, not against CAs "
    "installed\non this machine: TLS interception shows up as tls-untrusted.\n") +
    verdicts_help() +
    "\nExit codes: 0 every agent ready, 1 a required endpoint failed, 2 bad input.\n"
    "\nExamples:\n"
    "  emready check\n"
    "  emready check --agent cca,erds --proxy http://proxy.example.net:3128 --dialect squid\n"
    "  emready check --proxy http://proxy.example.net:8080 --proxy-user 'CORP\\svc-em' \\\n"
    "      --proxy-password-file ~/.emready-proxy   # NTLM, Digest or Basic, as the proxy offers\n"
    "  emready check --proxy http://proxy.example.net:8080 --proxy-negotiate   # after kinit\n"
    "  emready check --proxy none --device-family dual   # the direct path, IPv4 or IPv6 printers\n"
    "  emready check --proxy https://proxy.example.net:8443 --proxy-ca-file corp-root.pem\n"
    "  emready check --proxy socks5h://socks.example.net:1080\n"
    "  emready check --pac http://wpad.example.net/wpad.dat   # or --pac site.pac, or --wpad\n"
    "  emready check --interface eth0.20   # from the printers' VLAN (or --source-address IP)\n"
    "  emready check --format junit --output emready.xml\n"
    "  emready check --format markdown --output readiness.md   # for change records and auditors\n"
    "  emready check --format html --output readiness.html     # prints on A4 (browser: Print to PDF)\n"
    "  emready check --dns-server 10.0.0.53 -4 --format json\n"
    "  emready check --every 15m --history /var/lib/emready   # watch: print what changes\n" + dialects_help());
}

double parse_interval(const std::string& text, const std::string& option)
{
  double value = 0;
  std::size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const auto unit = text.substr(used);
  const double scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (used == 0 || scale == 0 || !(value > 0) || value * scale < 1 || value * scale > 366 * 86400.0) {
    throw CLI::ValidationError(option, "'" + text + "' is not a duration of 1 s to 366 d (90s, 15m, 1h, 1d)");
  }
  return value * scale;
}

probe::EngineOptions engine_options_from(const CheckOptions& options)
{
  probe::EngineOptions engine;
  engine.timeouts.dns = seconds_to_ms(options.dns_timeout);
  engine.timeouts.tcp = seconds_to_ms(options.tcp_timeout);
  engine.timeouts.tls = seconds_to_ms(options.tls_timeout);
  if (options.deadline > 0) {
    engine.deadline = seconds_to_ms(options.deadline);
  }
  engine.concurrency = options.concurrency;
  engine.ipv4 = !options.only_ipv6;
  engine.ipv6 = !options.only_ipv4;
  engine.dns_servers = options.dns_servers;
  if (!options.source_address.empty()) {
    // The source's family is the only one that can be probed from it.
    const int family = check_source_address(options.source_address);
    engine.ipv4 = engine.ipv4 && family == 4;
    engine.ipv6 = engine.ipv6 && family == 6;
    engine.source_address = options.source_address;
  }
  if (!options.interface.empty()) {
    check_interface(options.interface);
    engine.interface = options.interface;
  }
  engine.accepted = parse_ranges(options.accept_ranges);
  judging_from(options); // a usage error before any probe
  engine.port_map = core::with_context("--port-map", [&] { return core::PortMap::parse(options.port_map); });
  const auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  if (!options.pac.pac.empty() || options.pac.wpad) {
    return engine; // routes per host, from the PAC file (cmd_check)
  }
  engine.proxy = probe::proxy_settings(options.proxy, options.no_proxy, env, "--proxy");
  apply_proxy_credentials(options.proxy_auth, engine.proxy ? &*engine.proxy : nullptr, env);
  return engine;
}

check::Judging judging_from(const CheckOptions& options)
{
  check::Judging judging;
  judging.accepted = parse_ranges(options.accept_ranges);
  judging.devices = check::parse_device_family(options.device_family).value_or(check::DeviceFamily::ipv4);
  if (options.only_ipv6 && judging.devices == check::DeviceFamily::ipv4) {
    throw core::InputError("-6 leaves out IPv4, the family the devices use (give --device-family ipv6 or dual)");
  }
  if (!options.source_address.empty()) {
    const bool v6 = options.source_address.find(':') != std::string::npos;
    if ((v6 && judging.devices == check::DeviceFamily::ipv4) || (!v6 && judging.devices == check::DeviceFamily::ipv6)) {
      throw core::InputError(fmt::format("--source-address {} is IPv{}, but the devices use {} "
                                         "(give --device-family {} or dual)",
                                         options.source_address, v6 ? 6 : 4,
                                         check::describe(judging.devices), v6 ? "ipv6" : "ipv4"));
    }
  }
  if (options.only_ipv4 && judging.devices == check::DeviceFamily::ipv6) {
    throw core::InputError("-4 leaves out IPv6, the family the devices use (give --device-family ipv4 or dual)");
  }
  return judging;
}

} // namespace emready::cli
