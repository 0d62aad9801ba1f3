#include "emready/lab/broker/mqtt_broker.hpp"

#include "emready/mqtt/packet.hpp"

#include <fmt/format.h>

namespace emready::lab::broker {

namespace {

bool send(SSL* ssl, const mqtt::Bytes& data)
{
  return SSL_write(ssl, data.data(), static_cast<int>(data.size())) ==
         static_cast<int>(data.size());
}

// The next packet, or nullopt when the client closed.
std::optional<mqtt::Packet> next_packet(SSL* ssl, mqtt::Reader& reader)
{
  for (;;) {
    if (auto packet = reader.next()) {
      return packet;
    }
    std::uint8_t buffer[4096];
    const int n = SSL_read(ssl, buffer, sizeof buffer);
    if (n <= 0) {
      return std::nullopt;
    }
    reader.feed(buffer, static_cast<std::size_t>(n));
  }
}

// Runs a session after CONNECT was accepted for `tenant`; returns why it ended.
std::string session(SSL* ssl, mqtt::Reader& reader, MqttHandler& handler)
{
  while (auto packet = next_packet(ssl, reader)) {
    switch (packet->type) {
    case mqtt::Type::publish: {
      const auto publish = mqtt::decode_publish(*packet);
      if (const auto error = handler.publish(publish.topic, publish.payload)) {
        return "publish to " + publish.topic + " refused: " + *error;
      }
      if (publish.qos == 1 && !send(ssl, mqtt::encode_puback(publish.id))) {
        return "client gone";
      }
      break;
    }
    case mqtt::Type::pingreq:
      send(ssl, mqtt::encode_empty(mqtt::Type::pingresp));
      break;
    case mqtt::Type::disconnect:
      return "disconnect";
    default:
      return fmt::format("unsupported packet type {}", static_cast<int>(packet->type));
    }
  }
  return "client closed";
}

} // namespace

bool looks_like_mqtt(const std::string& data)
{
  return !data.empty() && static_cast<unsigned char>(data[0]) == 0x10;
}

void serve_mqtt(SSL* ssl, std::string received, MqttHandler& handler, const net::EventLog& log,
                const std::string& where)
{
  mqtt::Reader reader;
  reader.feed(reinterpret_cast<const std::uint8_t*>(received.data()), received.size());
  std::string outcome;
  try {
    const auto first = next_packet(ssl, reader);
    if (!first) {
      return;
    }
    const auto connect = mqtt::decode_connect(*first);
    if (!handler.authenticate(connect.username, connect.password)) {
      send(ssl, mqtt::encode_connack(mqtt::ConnackCode::bad_credentials));
      outcome = "CONNACK refused: bad credentials for '" + connect.username + "'";
    } else if (!send(ssl, mqtt::encode_connack(mqtt::ConnackCode::accepted))) {
      outcome = "client gone";
    } else {
      outcome = session(ssl, reader, handler);
    }
  } catch (const mqtt::ProtocolError& e) {
    outcome = std::string("protocol error: ") + e.what();
  }
  log.line(fmt::format("mqtt {} {}", where, outcome));
  SSL_shutdown(ssl);
}

} // namespace emready::lab::broker
