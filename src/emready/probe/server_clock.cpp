#include "emready/probe/server_clock.hpp"

#include "emready/handle/handles.hpp"
#include "emready/probe/curl_proxy.hpp"

#include <fmt/format.h>
#include <string_view>
#include <strings.h>

namespace emready::probe {

namespace {

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* date = static_cast<std::string*>(user);
  const std::string_view line(data, size * count);
  constexpr std::string_view k_name = "date:";
  if (line.size() > k_name.size() && strncasecmp(line.data(), k_name.data(), k_name.size()) == 0) {
    auto value = line.substr(k_name.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    *date = std::string(value.substr(0, 64));
  }
  return size * count;
}

} // namespace

ServerDate server_date(const ClockSource& source, std::chrono::milliseconds timeout)
{
  ServerDate out;
  out.url = fmt::format("https://{}:{}/", source.host, source.port);
  handle::CurlEasy curl(curl_easy_init());
  if (!curl) {
    out.error = "libcurl could not start";
    return out;
  }
  std::string date;
  char error[CURL_ERROR_SIZE] = {};
  handle::Owned<curl_slist> connect_to;
  curl_easy_setopt(curl.get(), CURLOPT_URL, out.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &date);
  // Only the clock is read: the chain was judged by the probe, and may be "expired" only
  // because one of the two clocks is wrong.
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYHOST, 0L);
  if (!source.bind_to.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_INTERFACE, source.bind_to.c_str());
  }
  if (source.proxy != nullptr) {
    use_proxy(curl.get(), *source.proxy);
  } else {
    curl_easy_setopt(curl.get(), CURLOPT_PROXY, "");
    if (!source.address.empty()) {
      const auto target = source.address.find(':') != std::string::npos ? "[" + source.address + "]" : source.address;
      const auto rule = fmt::format("{}:{}:{}:{}", source.host, source.port, target,
                                    source.connect_port == 0 ? source.port : source.connect_port);
      connect_to.reset(curl_slist_append(nullptr, rule.c_str()));
      curl_easy_setopt(curl.get(), CURLOPT_CONNECT_TO, connect_to.get());
    }
  }
  const auto code = curl_easy_perform(curl.get());
  out.local = std::time(nullptr);
  if (code != CURLE_OK) {
    out.error = error[0] != '\0' ? error : curl_easy_strerror(code);
    return out;
  }
  if (date.empty()) {
    out.error = "the answer has no Date header";
    return out;
  }
  const auto parsed = curl_getdate(date.c_str(), nullptr);
  if (parsed < 0) {
    out.error = fmt::format("the Date header '{}' is not a date", date);
    return out;
  }
  out.date = parsed;
  out.ok = true;
  return out;
}

} // namespace emready::probe
