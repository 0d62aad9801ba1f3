#include "emready/cli/run_facts.hpp"

#include "emready/probe/proxy_settings.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <unistd.h>

namespace emready::cli {

std::string utc_now()
{
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return when;
}

std::string host_name()
{
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

std::vector<std::string> redacted_command_line(int argc, char** argv)
{
  static const std::vector<std::string> k_secret_options{"--token"};
  // A user given as "user:password" (curl's -U habit) keeps the user, never the password.
  const auto user_only = [](const std::string& user) {
    const auto colon = user.find(':');
    return colon == std::string::npos ? user : user.substr(0, colon) + ":***";
  };
  std::vector<std::string> out;
  bool next_is_secret = false;
  bool next_is_user = false;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (next_is_secret) {
      out.emplace_back("***");
      next_is_secret = false;
      continue;
    }
    if (next_is_user) {
      out.push_back(user_only(arg));
      next_is_user = false;
      continue;
    }
    if (arg == "--proxy-user") {
      next_is_user = true;
    } else if (arg.rfind("--proxy-user=", 0) == 0) {
      out.push_back("--proxy-user=" + user_only(arg.substr(13)));
      continue;
    }
    bool handled = false;
    for (const auto& option : k_secret_options) {
      if (arg == option) {
        next_is_secret = true;
      } else if (arg.rfind(option + "=", 0) == 0) {
        arg = option + "=***";
        handled = true;
      }
    }
    if (!handled && arg.find("://") != std::string::npos) {
      const auto equals = arg.find('=');
      arg = equals != std::string::npos && equals < arg.find("://")
              ? arg.substr(0, equals + 1) + probe::redact_url(arg.substr(equals + 1))
              : probe::redact_url(arg);
    }
    out.push_back(arg);
  }
  return out;
}

std::string sha256_hex(std::string_view text)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += fmt::format("{:02x}", digest[i]);
  }
  return out;
}

} // namespace emready::cli
