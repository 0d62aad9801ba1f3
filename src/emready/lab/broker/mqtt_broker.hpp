#pragma once

#include "emready/lab/net/log.hpp"

#include <openssl/ssl.h>

#include <optional>
#include <string>

namespace emready::lab::broker {

// What the lab's MQTT broker asks of the services behind it; one per connection.
class MqttHandler
{
public:
  virtual ~MqttHandler() = default;

  // True when CONNECT's user name and password identify a client (remembered for the
  // session's publishes).
  virtual bool authenticate(const std::string& user, const std::string& password) = 0;

  // Takes a PUBLISH; an error text instead closes the connection without a PUBACK, as AWS
  // IoT does on a policy violation (MQTT 3.1.1 has no negative PUBACK).
  virtual std::optional<std::string> publish(const std::string& topic,
                                             const std::string& payload) = 0;
};

// Serves one MQTT 3.1.1 session on an accepted TLS connection whose first bytes
// (`received`) were already read: CONNECT/CONNACK, PUBLISH QoS 0/1 (PUBACK), PINGREQ,
// DISCONNECT. Returns when the session ends.
void serve_mqtt(SSL* ssl, std::string received, MqttHandler& handler, const net::EventLog& log,
                const std::string& where);

// True when `data` starts like an MQTT CONNECT packet (type 1, flags 0).
bool looks_like_mqtt(const std::string& data);

} // namespace emready::lab::broker
