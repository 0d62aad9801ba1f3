#include "emready/agent/http_client.hpp"

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

struct Handles
{
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;
  ~Handles()
  {
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
  }
};

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
  curl_easy_setopt(h.curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(h.curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h.curl, CURLOPT_TIMEOUT_MS, route.timeout_ms);
  curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h.curl, CURLOPT_WRITEDATA, &response.body);
  h.connect_to = apply_route(h.curl, route, request.host, request.port);
  if (!request.token.empty()) {
    h.headers = curl_slist_append(h.headers, ("Authorization: Bearer " + request.token).c_str());
  }
  if (!request.content_type.empty()) {
    h.headers = curl_slist_append(h.headers, ("Content-Type: " + request.content_type).c_str());
    curl_easy_setopt(h.curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h.curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  h.headers = curl_slist_append(h.headers, "Expect:"); // no 100-continue round trip
  curl_easy_setopt(h.curl, CURLOPT_HTTPHEADER, h.headers);
  const auto code = curl_easy_perform(h.curl);
  if (code != CURLE_OK) {
    throw std::runtime_error(*error != '\0' ? error : curl_easy_strerror(code));
  }
  curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &response.status);
  char* ip = nullptr;
  curl_easy_getinfo(h.curl, CURLINFO_LOCAL_IP, &ip);
  response.local_ip = ip != nullptr ? ip : "";
  return response;
}

} // namespace emready::agent
