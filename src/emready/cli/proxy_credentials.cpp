#include "emready/cli/proxy_credentials.hpp"

#include "emready/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

namespace emready::cli {

namespace {

constexpr std::size_t k_max_password_file = 4096;

// Reads one line from the terminal with echo off (like getpass(3), which is obsolete).
std::string prompt_password(const std::string& user)
{
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) {
    throw core::InputError(fmt::format("no password for proxy user '{}': cannot open the terminal: {}",
                                       user, std::strerror(errno)));
  }
  const auto prompt = fmt::format("Password for proxy user {}: ", user);
  [[maybe_unused]] const auto written = ::write(tty, prompt.data(), prompt.size());
  termios saved{};
  const bool is_terminal = ::tcgetattr(tty, &saved) == 0;
  if (is_terminal) {
    auto quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  std::string password;
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n' && password.size() < k_max_password_file) {
    password += c;
  }
  if (is_terminal) {
    ::tcsetattr(tty, TCSAFLUSH, &saved);
  }
  [[maybe_unused]] const auto newline = ::write(tty, "\n", 1);
  ::close(tty);
  return password;
}

} // namespace

std::string read_password_file(const std::string& path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    throw core::InputError(fmt::format("--proxy-password-file: cannot read '{}': {}", path,
                                       std::strerror(errno)));
  }
  struct stat info{};
  const auto fail = [&](const std::string& why) {
    ::close(fd);
    throw core::InputError(fmt::format("--proxy-password-file: '{}' {}", path, why));
  };
  if (::fstat(fd, &info) != 0) {
    fail(std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    fail("is not a regular file");
  }
  if ((info.st_mode & 077) != 0) {
    fail(fmt::format("can be read by others (mode {:04o}): chmod 600 it", info.st_mode & 07777));
  }
  if (static_cast<std::size_t>(info.st_size) > k_max_password_file) {
    fail(fmt::format("is larger than {} bytes: a password file holds one line", k_max_password_file));
  }
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  const auto got = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (got < 0) {
    throw core::InputError(fmt::format("--proxy-password-file: cannot read '{}': {}", path,
                                       std::strerror(errno)));
  }
  text.resize(static_cast<std::size_t>(got));
  text = text.substr(0, text.find('\n'));
  if (!text.empty() && text.back() == '\r') {
    text.pop_back();
  }
  if (text.empty()) {
    throw core::InputError(fmt::format("--proxy-password-file: '{}' holds no password on its first line", path));
  }
  return text;
}

void apply_proxy_credentials(const ProxyCredentialOptions& options, probe::ProxySettings* proxy,
                             const probe::EnvLookup& env)
{
  const bool given = !options.user.empty() || !options.password_file.empty() || options.negotiate ||
                     options.scheme != "any" || !options.ca_file.empty();
  if (proxy == nullptr) {
    if (given) {
      throw core::InputError("--proxy-user, --proxy-password-file, --proxy-negotiate, --proxy-auth "
                             "and --proxy-ca-file need a proxy (--proxy URL or HTTPS_PROXY)");
    }
    return;
  }
  proxy->ca_file = options.ca_file;
  auto& credentials = proxy->credentials;
  const auto scheme = probe::parse_proxy_auth(options.scheme);
  if (!scheme) {
    throw core::InputError("--proxy-auth: unknown scheme '" + options.scheme + "'");
  }
  credentials.scheme = options.negotiate ? probe::ProxyAuth::negotiate : *scheme;
  if (options.negotiate) {
    if (!options.user.empty() || !options.password_file.empty()) {
      throw core::InputError("--proxy-negotiate takes the identity from the Kerberos ticket cache: "
                             "leave out --proxy-user and --proxy-password-file");
    }
    credentials.user.clear();
    credentials.password.clear();
    return;
  }
  if (options.user.empty()) {
    if (!options.password_file.empty()) {
      throw core::InputError("--proxy-password-file needs --proxy-user");
    }
    return; // credentials from the URL, or none
  }
  if (options.user.find(':') != std::string::npos) {
    // curl's habit (-U user:password): the value holds a password, so it is not repeated here.
    throw core::InputError("--proxy-user takes the user name only, without ':password'; give the password "
                           "with --proxy-password-file FILE (mode 0600) or " + std::string(k_password_variable));
  }
  credentials.user = options.user;
  if (!options.password_file.empty()) {
    credentials.password = read_password_file(options.password_file);
  } else if (const auto from_env = env(k_password_variable); !from_env.empty()) {
    credentials.password = from_env;
  } else if (::isatty(STDIN_FILENO) != 0) {
    credentials.password = prompt_password(options.user);
  } else {
    throw core::InputError(fmt::format(
      "no password for proxy user '{}': give --proxy-password-file FILE (mode 0600) or {}, or run "
      "on a terminal to be asked",
      options.user, k_password_variable));
  }
}

} // namespace emready::cli
