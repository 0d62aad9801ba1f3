#include "emready/agent/http_client.hpp"

#include "emready/handle/handles.hpp"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

namespace emready::agent {

namespace {

std::size_t append(char* data, std::size_t size, std::size_t count, void* user)
{
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// The lists outlive the handle that points to them (members go in reverse order).
struct Handles
{
  handle::Owned<curl_slist> headers;
  handle::Owned<curl_slist> connect_to;
  handle::CurlEasy curl{curl_easy_init()};
};

// Appends `line` to the owned list (curl_slist_append keeps the list when it fails).
void append_header(handle::Owned<curl_slist>& list, const std::string& line)
{
  if (auto* longer = curl_slist_append(list.get(), line.c_str())) {
    list.release();
    list.reset(longer);
  }
}

} // namespace

HttpResponse send_request(const Route& route, const HttpRequest& request)
{
  char error[CURL_ERROR_SIZE] = ""; // declared first: it outlives the handle writing to it
  Handles h;
  if (h.curl == nullptr) {
    throw std::runtime_error("cannot create a curl handle");
  }
  HttpResponse response;
  const auto url = "https://" + request.host + ":" + std::to_string(request.port) + request.path;
  curl_easy_setopt(h.curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.curl.get(), CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(h.curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h.curl.get(), CURLOPT_TIMEOUT_MS, route.timeout_ms);
  curl_easy_setopt(h.curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl.get(), CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h.curl.get(), CURLOPT_WRITEDATA, &response.body);
  h.connect_to.reset(apply_route(h.curl.get(), route, request.host, request.port));
  if (!request.token.empty()) {
    append_header(h.headers, ("Authorization: Bearer " + request.token));
  }
  if (!request.content_type.empty()) {
    append_header(h.headers, ("Content-Type: " + request.content_type));
    curl_easy_setopt(h.curl.get(), CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h.curl.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  append_header(h.headers, "Expect:"); // no 100-continue round trip
  curl_easy_setopt(h.curl.get(), CURLOPT_HTTPHEADER, h.headers.get());
  const auto code = curl_easy_perform(h.curl.get());
  if (code != CURLE_OK) {
    throw std::runtime_error(*error != '\0' ? error : curl_easy_strerror(code));
  }
  curl_easy_getinfo(h.curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
  char* ip = nullptr;
  curl_easy_getinfo(h.curl.get(), CURLINFO_LOCAL_IP, &ip);
  response.local_ip = ip != nullptr ? ip : "";
  return response;
}

} // namespace emready::agent
