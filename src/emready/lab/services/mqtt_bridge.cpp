#include "emready/lab/services/mqtt_bridge.hpp"

namespace emready::lab::services {

namespace {

HttpRequest api_request(const std::string& method, const std::string& path,
                        const std::string& token, const std::string& body)
{
  HttpRequest request;
  request.head.method = method;
  request.head.target = path;
  request.head.headers = {{"authorization", "Bearer " + token},
                          {"content-type", "application/json"},
                          {"content-length", std::to_string(body.size())}};
  request.path = path;
  request.body = body;
  return request;
}

} // namespace

std::optional<std::string> telemetry_path(const std::string& topic)
{
  const std::string prefix = "em/";
  const std::string suffix = "/telemetry";
  if (topic.size() <= prefix.size() + suffix.size() || topic.rfind(prefix, 0) != 0 ||
      topic.compare(topic.size() - suffix.size(), suffix.size(), suffix) != 0 ||
      topic.find("/devices/") == std::string::npos) {
    return std::nullopt;
  }
  return "/v1/tenants/" + topic.substr(prefix.size());
}

bool MqttBridge::authenticate(const std::string& user, const std::string& password)
{
  // The token must reach the tenant named as user; the API's own rules decide.
  const auto response = m_api.handle(api_request("GET", "/v1/tenants/" + user, password, ""));
  if (response.status != 200) {
    return false;
  }
  m_token = password;
  return true;
}

std::optional<std::string> MqttBridge::publish(const std::string& topic,
                                               const std::string& payload)
{
  const auto path = telemetry_path(topic);
  if (!path) {
    return "topic '" + topic + "' is not em/{tenant}/devices/{serial}/telemetry";
  }
  const auto response = m_api.handle(api_request("POST", *path, m_token, payload));
  if (response.status / 100 != 2) {
    return "HTTP " + std::to_string(response.status) + " " + response.body;
  }
  return std::nullopt;
}

} // namespace emready::lab::services
