#include "emready/core/error.hpp"
#include "emready/probe/proxy_settings.hpp"

#include <doctest/doctest.h>
#include <map>

using namespace emready;

// Moved from test_check_network.cpp (tests follow the layout).
TEST_CASE("unit: proxy settings come from --proxy or the environment, NO_PROXY applies to the latter")
{
  std::map<std::string, std::string> env{{"https_proxy", "http://u:p@proxy.lan:3128"},
                                         {"NO_PROXY", "localhost,.example.com, srv.ygles.com"}};
  const auto lookup = [&](const char* name) { return env.count(name) ? env[name] : std::string(); };
  const auto from_env = probe::proxy_settings("", false, lookup, "--proxy");
  REQUIRE(from_env);
  CHECK(from_env->source == "https_proxy");
  CHECK(from_env->display == "http://proxy.lan:3128"); // no credentials in reports
  CHECK(from_env->bypassed("a.example.com"));
  CHECK(from_env->bypassed("gw.srv.ygles.com"));
  CHECK_FALSE(from_env->bypassed("ygles.com"));
  CHECK_FALSE(from_env->bypassed("a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com"));
  CHECK_FALSE(probe::proxy_settings("", true, lookup, "--proxy"));
  const auto flag = probe::proxy_settings("proxy.lan:8080", false, lookup, "--proxy");
  CHECK(flag->url == "http://proxy.lan:8080");
  CHECK(flag->no_proxy.empty());
  CHECK_THROWS_AS(probe::proxy_settings("socks5://proxy:1080", false, lookup, "--proxy"), core::InputError);
  CHECK_THROWS_AS(probe::proxy_settings("http://proxy.lan", false, lookup, "--proxy"), core::InputError);
}
