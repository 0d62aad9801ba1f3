// `emready demo`: the bundled lab with a broken site, checked, reported, stopped — every kind
// of verdict in seconds, without touching the network.
#include "emready/cli/commands.hpp"
#include "emready/core/error.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <net/if.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace emready::cli {

namespace {

struct DemoOptions
{
  std::string format = "text";
  std::string output;
};

// cca's hosts, each broken as real sites are. The proxy denies the one the PAC file sends it.
constexpr const char* k_scenario = R"(agents: [cca]
address_base: 127.66.0.0
hosts:
  rgt.srv.ygles.com:
    addresses: [0.0.0.0]              # a DNS filter's sinkhole
  kinesis.eu-central-1.amazonaws.com:
    tls: drop                         # a firewall that drops silently
  camapi.srv.ygles.com:
    tls: inspection                   # TLS interception by a "Palo Alto" CA
  cognito-identity.eu-central-1.amazonaws.com:
    tls: expired                      # an expired certificate
proxy:
  port: 0
  allowlist: proxy-allow.txt          # no rule for camapi-ec1.srv.ygles.com: denied
  dialect: plain
  product: "squid/5.7"
)";

constexpr const char* k_proxy_allowlist = "*.amazonaws.com\nhbp-ec1l.srv.ygles.com\n";

[[noreturn]] void fail(const std::string& what)
{
  throw std::runtime_error("demo: " + what + ": " + std::strerror(errno));
}

void write_text(const std::filesystem::path& path, const std::string& text)
{
  std::ofstream out(path);
  out << text;
  if (!out) {
    fail("cannot write " + path.string());
  }
}

// A private network namespace with its loopback up, when we are root: the lab can listen on
// the real ports 443 and 8883 and nothing of it is seen outside.
bool enter_private_network()
{
  if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0) {
    return false;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  const bool up = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &request) == 0 &&
                  (request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP), ioctl(fd, SIOCSIFFLAGS, &request) == 0);
  if (fd >= 0) {
    ::close(fd);
  }
  if (!up) {
    fail("cannot bring up the loopback interface of the private namespace");
  }
  return true;
}

// Runs this binary with `args`; its stdout goes to `out_fd` (or a new pipe, returned in `pipe_read`).
pid_t spawn_self(const std::vector<std::string>& args, int* pipe_read)
{
  int fds[2] = {-1, -1};
  if (pipe_read != nullptr && pipe2(fds, O_CLOEXEC) != 0) {
    fail("pipe");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    fail("fork");
  }
  if (pid == 0) {
    if (pipe_read != nullptr) {
      dup2(fds[1], STDOUT_FILENO);
    }
    std::vector<char*> argv;
    std::string self = "/proc/self/exe";
    argv.push_back(self.data());
    for (const auto& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  if (pipe_read != nullptr) {
    ::close(fds[1]);
    *pipe_read = fds[0];
  }
  return pid;
}

// The lab's ready line (one JSON line on its stdout), within `patience`.
nlohmann::json read_ready_line(int fd, std::chrono::seconds patience)
{
  std::string line;
  const auto until = std::chrono::steady_clock::now() + patience;
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd wait{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&wait, 1, static_cast<int>(left.count())) <= 0) {
      throw std::runtime_error("demo: the lab did not get ready in time");
    }
    char buffer[4096];
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      throw std::runtime_error("demo: the lab stopped before it was ready");
    }
    line.append(buffer, static_cast<std::size_t>(n));
  }
  return nlohmann::json::parse(line.substr(0, line.find('\n')));
}

int wait_for(pid_t pid)
{
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_demo(const DemoOptions& options)
{
  const bool private_network = enter_private_network();
  char pattern[] = "/tmp/emready-demo-XXXXXX";
  if (mkdtemp(pattern) == nullptr) {
    fail("cannot create a temporary directory");
  }
  const std::filesystem::path dir = pattern;
  struct Cleanup
  {
    std::filesystem::path dir;
    ~Cleanup()
    {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};
  auto scenario = std::string(k_scenario);
  if (!private_network) {
    scenario += "port_map: {443: 18443, 8883: 18883}\n"; // ports a user may listen on
  }
  write_text(dir / "scenario.yaml", scenario);
  write_text(dir / "proxy-allow.txt", k_proxy_allowlist);
  std::cerr << fmt::format("emready: demo: a broken site in the lab ({}): a DNS sinkhole, a dropped "
                           "connection, TLS interception, an expired certificate and a proxy denial\n",
                           private_network ? "in a private network namespace" : "on loopback, with port maps");
  int ready_fd = -1;
  const pid_t lab = spawn_self({"lab", "serve", "--scenario", (dir / "scenario.yaml").string(), "--state",
                                (dir / "state").string()},
                               &ready_fd);
  struct StopLab
  {
    pid_t pid;
    int fd;
    ~StopLab()
    {
      ::kill(pid, SIGTERM);
      wait_for(pid);
      ::close(fd);
    }
  } stop{lab, ready_fd};
  const auto ready = read_ready_line(ready_fd, std::chrono::seconds(60));
  const auto proxy = ready.at("proxy").get<std::string>();
  write_text(dir / "site.pac",
             fmt::format("function FindProxyForURL(url, host) {{\n"
                         "  if (host == \"camapi-ec1.srv.ygles.com\") return \"PROXY {}\";\n"
                         "  return \"DIRECT\";\n}}\n",
                         proxy.substr(proxy.find("//") + 2)));
  std::vector<std::string> check{"check", "--agent", "cca", "--ca-file", ready.at("ca_file").get<std::string>(),
                                 "--dns-server", ready.at("dns").get<std::string>(), "--pac",
                                 (dir / "site.pac").string(), "--accept-range", "127.0.0.0/8",
                                 "--tcp-timeout", "2", "--tls-timeout", "2", "--format", options.format};
  if (!private_network) {
    check.insert(check.end(), {"--port-map", ready.at("port_map").get<std::string>()});
  }
  if (!options.output.empty()) {
    check.insert(check.end(), {"--output", options.output});
  }
  const pid_t checker = spawn_self(check, nullptr);
  const int code = wait_for(checker);
  if (code != 0 && code != 1) {
    throw std::runtime_error(fmt::format("demo: the check ended with exit code {}", code));
  }
  std::cerr << "emready: demo: done. To check this network: emready check (or with --proxy, --pac, "
               "--dns-server as the printers are set up)\n";
  return 0;
}

} // namespace

void add_demo_command(CLI::App& app, Context& context)
{
  auto& options = context.own<DemoOptions>();
  auto* command = app.add_subcommand(
    "demo", "Check a broken site in the bundled lab: every kind of verdict in seconds, offline");
  add_format_option(*command, options.format, {"text", "json", "junit", "markdown", "html"});
  add_output_option(*command, options.output, "the report");
  command->footer("\nStarts 'emready lab serve' with a broken site (a DNS sinkhole, a silently dropped\n"
                  "connection, TLS interception, an expired certificate, a proxy that denies one host\n"
                  "through a PAC file), runs 'emready check' against it and stops the lab. As root it runs\n"
                  "in a private network namespace on the real ports; otherwise on loopback with port maps.\n"
                  "Nothing leaves this machine. Exit code 0 when the demo ran.\n"
                  "\nExamples:\n  emready demo\n  emready demo --format html -o demo.html\n");
  command->callback([&] { context.exit_code = run_demo(options); });
}

} // namespace emready::cli
