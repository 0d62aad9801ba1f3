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
  CHECK_THROWS_AS(probe::proxy_settings("ftp://proxy:1080", false, lookup, "--proxy"), core::InputError);
  CHECK_THROWS_AS(probe::proxy_settings("http://proxy.lan", false, lookup, "--proxy"), core::InputError);
  CHECK_FALSE(probe::proxy_settings("none", false, lookup, "--proxy")); // the direct path
  CHECK(from_env->from_environment);
  CHECK_FALSE(flag->from_environment);
}

TEST_CASE("unit: proxy URLs are read by libcurl's parser; credentials come out of them, decoded")
{
  const auto none = [](const char*) { return std::string(); };
  const auto settings = probe::proxy_settings("http://CORP%5Csvc:p%40ss%3Aw0rd@proxy.lan:3128", false,
                                              none, "--proxy");
  REQUIRE(settings);
  CHECK(settings->url == "http://proxy.lan:3128"); // what curl gets: the credentials go apart
  CHECK(settings->display == "http://proxy.lan:3128");
  CHECK(settings->credentials.user == "CORP\\svc");
  CHECK(settings->credentials.password == "p@ss:w0rd");
  CHECK(settings->has_credentials());
  CHECK(probe::proxy_settings("socks5h://[::1]:1080", false, none, "--proxy")->url == "socks5h://[::1]:1080");
  CHECK(probe::proxy_settings("socks5h://[::1]:1080", false, none, "--proxy")->socks());
  CHECK(probe::proxy_settings("https://proxy.lan:443", false, none, "--proxy")->tls_to_proxy());
  // A malformed URL's message never shows its password.
  try {
    probe::proxy_settings("http://svc:hunter2@proxy.lan", false, none, "--proxy");
    FAIL("no port: must be refused");
  } catch (const core::InputError& error) {
    const std::string message = error.what();
    CHECK(message.find("hunter2") == std::string::npos);
    CHECK(message.find("http://svc:***@proxy.lan") != std::string::npos);
  }
  CHECK_THROWS_AS(probe::proxy_settings("http://proxy.lan:3128/path", false, none, "--proxy"), core::InputError);
}

TEST_CASE("unit: ALL_PROXY is used after HTTPS_PROXY, as curl does")
{
  std::map<std::string, std::string> env{{"ALL_PROXY", "socks5h://socks.lan:1080"}};
  const auto lookup = [&](const char* name) { return env.count(name) ? env[name] : std::string(); };
  auto settings = probe::proxy_settings("", false, lookup, "--proxy");
  REQUIRE(settings);
  CHECK(settings->source == "ALL_PROXY");
  CHECK(settings->url == "socks5h://socks.lan:1080");
  env["HTTPS_PROXY"] = "http://proxy.lan:3128";
  settings = probe::proxy_settings("", false, lookup, "--proxy");
  CHECK(settings->source == "HTTPS_PROXY");
}

TEST_CASE("unit: proxy auth scheme names parse back")
{
  for (const auto& name : probe::proxy_auth_names()) {
    REQUIRE(probe::parse_proxy_auth(name));
    CHECK(probe::proxy_auth_names()[static_cast<std::size_t>(*probe::parse_proxy_auth(name))] == name);
  }
  CHECK(probe::parse_proxy_auth("NTLM") == probe::ProxyAuth::ntlm);
  CHECK_FALSE(probe::parse_proxy_auth("kerberos"));
}
