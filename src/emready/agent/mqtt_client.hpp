#pragma once

#include "emready/agent/route.hpp"
#include "emready/mqtt/packet.hpp"

#include <string>

namespace emready::agent {

// What one MQTT publish showed.
struct MqttOutcome
{
  std::string alpn;        // as negotiated in the TLS handshake
  std::string local_ip;    // the device address the broker saw
};

// Connects to host:port along `route` (offering `alpn` when not empty), authenticates with
// `connect`, publishes `publish` with QoS 1, waits for its PUBACK and disconnects.
// Throws std::runtime_error saying which step failed.
MqttOutcome publish_once(const Route& route, const std::string& host, std::uint16_t port,
                         const std::string& alpn, const mqtt::Connect& connect,
                         mqtt::Publish publish);

} // namespace emready::agent
