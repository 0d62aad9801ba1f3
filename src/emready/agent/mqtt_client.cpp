#include "emready/agent/mqtt_client.hpp"

#include "emready/agent/tls_stream.hpp"

#include <stdexcept>

namespace emready::agent {

namespace {

// The next packet from the stream; throws when the broker closes first.
mqtt::Packet next_packet(TlsStream& stream, mqtt::Reader& reader, const char* waiting_for)
{
  for (;;) {
    if (auto packet = reader.next()) {
      return *packet;
    }
    const auto data = stream.receive();
    if (data.empty()) {
      throw std::runtime_error(std::string("the broker closed the connection before ") +
                               waiting_for);
    }
    reader.feed(data.data(), data.size());
  }
}

} // namespace

MqttOutcome publish_once(const Route& route, const std::string& host, std::uint16_t port,
                         const std::string& alpn, const mqtt::Connect& connect,
                         mqtt::Publish publish)
{
  TlsStream stream(route, host, port, alpn);
  MqttOutcome outcome{stream.alpn(), stream.local_ip()};
  mqtt::Reader reader;
  stream.send(mqtt::encode_connect(connect));
  const auto code = mqtt::decode_connack(next_packet(stream, reader, "CONNACK"));
  if (code != mqtt::ConnackCode::accepted) {
    throw std::runtime_error(std::string("CONNACK refused: ") + mqtt::to_string(code));
  }
  publish.qos = 1;
  publish.id = 1;
  stream.send(mqtt::encode_publish(publish));
  const auto acked = mqtt::decode_puback(next_packet(stream, reader, "PUBACK"));
  if (acked != publish.id) {
    throw std::runtime_error("PUBACK for packet " + std::to_string(acked) + ", expected " +
                             std::to_string(publish.id));
  }
  stream.send(mqtt::encode_empty(mqtt::Type::disconnect));
  return outcome;
}

} // namespace emready::agent
