#include "emready/probe/fetch.hpp"

#include "emready/dns/address_class.hpp"
#include "emready/handle/handles.hpp"
#include "emready/probe/lookup.hpp"

#include <fmt/format.h>

namespace emready::probe {

namespace {

struct Sink
{
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* sink = static_cast<Sink*>(user);
  const auto bytes = size * count;
  if (sink->body.size() + bytes > sink->limit) {
    sink->too_large = true;
    return 0; // aborts the transfer
  }
  sink->body.append(data, bytes);
  return bytes;
}

std::string url_part(CURLU* url, CURLUPart which)
{
  char* text = nullptr;
  if (curl_url_get(url, which, &text, CURLU_DEFAULT_PORT) != CURLUE_OK || text == nullptr) {
    return "";
  }
  std::string out(text);
  curl_free(text);
  return out;
}

} // namespace

Fetched fetch_small(const std::string& url, const std::vector<std::string>& dns_servers,
                    std::chrono::milliseconds timeout, std::size_t limit)
{
  Fetched out;
  handle::Owned<CURLU> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    out.error = "not a URL";
    return out;
  }
  const auto host = url_part(parsed.get(), CURLUPART_HOST);
  const auto port = url_part(parsed.get(), CURLUPART_PORT);
  handle::Owned<curl_slist> pinned;
  if (dns::parse_network(host).empty() && !(host.size() > 2 && host.front() == '[')) {
    const auto answer = lookup(host, 4, dns_servers, timeout);
    if (answer.addresses.empty()) {
      out.error = fmt::format("{} does not resolve ({})", host, dns::to_string(answer.status));
      return out;
    }
    out.address = answer.addresses.front();
    pinned.reset(curl_slist_append(nullptr, fmt::format("{}:{}:{}", host, port, out.address).c_str()));
  }
  handle::CurlEasy curl(curl_easy_init());
  Sink sink;
  sink.limit = limit;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROXY, ""); // PAC and WPAD files are fetched directly
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  if (pinned) {
    curl_easy_setopt(curl.get(), CURLOPT_RESOLVE, pinned.get());
  }
  const auto result = curl_easy_perform(curl.get());
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &out.status);
  if (sink.too_large) {
    out.error = fmt::format("larger than {} bytes", limit);
  } else if (result != CURLE_OK) {
    out.error = error[0] != '\0' ? error : curl_easy_strerror(result);
  } else if (out.status != 200) {
    out.error = fmt::format("HTTP {}", out.status);
  } else {
    out.ok = true;
    out.body = std::move(sink.body);
  }
  return out;
}

} // namespace emready::probe
