#pragma once

#include "emready/lab/broker/mqtt_broker.hpp"
#include "emready/lab/services/api.hpp"

namespace emready::lab::services {

// Serves the MQTT broker's publishes through the JSON API, so MQTT telemetry gets the same
// token check, tenant isolation, field rules, audit entry and storage as HTTPS telemetry:
// user name = tenant id, password = its bearer token, topic
// em/{tenant}/devices/{serial}/telemetry ≙ POST /v1/tenants/{tenant}/devices/{serial}/telemetry.
class MqttBridge : public broker::MqttHandler
{
public:
  explicit MqttBridge(Api& api) : m_api(api) {}

  bool authenticate(const std::string& user, const std::string& password) override;
  std::optional<std::string> publish(const std::string& topic,
                                     const std::string& payload) override;

private:
  Api& m_api;
  std::string m_token;
};

// The API path a telemetry topic stands for, nullopt for any other topic.
std::optional<std::string> telemetry_path(const std::string& topic);

} // namespace emready::lab::services
