#pragma once

#include "emready/agent/route.hpp"

#include <string>

namespace emready::agent {

// One HTTPS request to the backend's API.
struct HttpRequest
{
  std::string method = "GET";
  std::string host;
  std::uint16_t port = 443;
  std::string path;
  std::string token;        // sent as "Authorization: Bearer TOKEN"
  std::string content_type; // "" for no body
  std::string body;
};

// Its answer.
struct HttpResponse
{
  long status = 0;
  std::string body;
  std::string local_ip; // the device address the backend saw
};

// Sends `request` along `route` with certificate and host name verification (libcurl).
// Throws std::runtime_error with curl's reason when there is no HTTP answer at all.
HttpResponse send_request(const Route& route, const HttpRequest& request);

} // namespace emready::agent
