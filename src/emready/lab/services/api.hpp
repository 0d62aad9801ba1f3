#pragma once

#include "emready/lab/services/http_request.hpp"
#include "emready/lab/services/http_response.hpp"
#include "emready/lab/services/service_state.hpp"

namespace emready::lab::services {

// The services' JSON API (docs/lab.md): authenticates the bearer token, routes the path,
// and runs the handler with the state locked. Thread-safe.
class Api
{
public:
  // `state` must outlive the API.
  explicit Api(ServiceState& state) : m_state(state) {}

  // The response to one request under /v1; never throws (an I/O failure is a 500).
  HttpResponse handle(const HttpRequest& request);

private:
  HttpResponse dispatch(const HttpRequest& request);

  ServiceState& m_state;
};

// The token of an "Authorization: Bearer TOKEN" header (RFC 6750 §2.1), "" when absent.
std::string bearer_token(const http::HttpHead& head);

} // namespace emready::lab::services
