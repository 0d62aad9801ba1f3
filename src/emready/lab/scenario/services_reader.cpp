// The `services:` section of a scenario.
#include "emready/lab/scenario/reader_parts.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace emready::lab::scenario {

namespace {

using profile::YamlSource;

const std::vector<std::string> k_services_keys{"root_token", "first_request_ms", "max_connections"};


// RFC 6750 §2.1 b64token: ALPHA DIGIT - . _ ~ + / then any '=' padding.
bool valid_token(std::string_view token)
{
  const auto body = token.substr(0, token.find_last_not_of('=') + 1);
  return token.size() >= 16 && token.size() <= 256 && !body.empty() &&
         std::all_of(body.begin(), body.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  std::string_view("-._~+/").find(c) != std::string_view::npos;
         });
}

} // namespace

ServicesSpec read_services(const YamlSource& source, const YAML::Node& services)
{
  ServicesSpec spec;
  if (services.IsNull()) {
    return spec;
  }
  source.check_keys(services, "'services'", k_services_keys, {});
  if (services["root_token"]) {
    spec.root_token = source.string_at(services["root_token"], "root_token");
    if (!valid_token(spec.root_token)) {
      source.fail(services["root_token"],
                  "'root_token' must be 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + / "
                  "(a bearer token, RFC 6750)");
    }
  }
  if (services["first_request_ms"]) {
    spec.first_request_ms = read_count(source, services["first_request_ms"], "first_request_ms", 100, 3600000);
  }
  if (services["max_connections"]) {
    spec.max_connections = read_count(source, services["max_connections"], "max_connections", 1, 1000000);
  }
  return spec;
}

} // namespace emready::lab::scenario
