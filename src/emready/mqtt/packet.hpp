#pragma once

// The MQTT 3.1.1 control packets the reference agent and the lab broker exchange (OASIS
// MQTT 3.1.1, section 3). Written here because neither libmosquitto nor Paho can run over
// a stream we own: the agent needs libcurl's tunnel (HTTP CONNECT proxies, SNI different
// from the address dialled, ALPN x-amzn-mqtt-ca on 443), and the lab needs a broker inside
// its own TLS listeners. tests/e2e cross-checks the broker with mosquitto_pub.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace emready::mqtt {

using Bytes = std::vector<std::uint8_t>;

// A malformed or oversized packet; the connection should be closed.
struct ProtocolError : std::runtime_error
{
  using std::runtime_error::runtime_error;
};

// Control packet types (section 2.2.1).
enum class Type : std::uint8_t {
  connect = 1, connack = 2, publish = 3, puback = 4, subscribe = 8, suback = 9,
  pingreq = 12, pingresp = 13, disconnect = 14
};

// One control packet: type, the fixed header's low flags and the rest.
struct Packet
{
  Type type = Type::disconnect;
  std::uint8_t flags = 0;
  Bytes body;
};

// CONNECT's fields that matter here (clean session is always set).
struct Connect
{
  std::string client_id;
  std::string username;
  std::string password;
  std::uint16_t keep_alive = 60;
};

// PUBLISH's fields (QoS 0 or 1; `id` only for QoS 1).
struct Publish
{
  std::string topic;
  std::string payload;
  std::uint8_t qos = 1;
  std::uint16_t id = 0;
};

// CONNACK return codes (section 3.2.2.3).
enum class ConnackCode : std::uint8_t {
  accepted = 0, bad_protocol = 1, bad_client_id = 2, unavailable = 3, bad_credentials = 4,
  not_authorized = 5
};

// Wire form of `packet`: fixed header, remaining length, body.
Bytes encode(const Packet& packet);

Bytes encode_connect(const Connect& connect);
Bytes encode_connack(ConnackCode code);
Bytes encode_publish(const Publish& publish);
Bytes encode_puback(std::uint16_t id);
// PINGREQ, PINGRESP or DISCONNECT: packets without a body.
Bytes encode_empty(Type type);

// The fields of a CONNECT packet; throws ProtocolError when it is not MQTT 3.1.1.
Connect decode_connect(const Packet& packet);
// The return code of a CONNACK.
ConnackCode decode_connack(const Packet& packet);
Publish decode_publish(const Packet& packet);
std::uint16_t decode_puback(const Packet& packet);

// Cuts a byte stream into packets.
class Reader
{
public:
  // `max_packet`: larger packets are a ProtocolError (a broker must bound its buffers).
  explicit Reader(std::size_t max_packet = 256 * 1024) : m_max(max_packet) {}

  // Appends received bytes.
  void feed(const std::uint8_t* data, std::size_t size);

  // The next complete packet, or nullopt when more bytes are needed.
  std::optional<Packet> next();

private:
  Bytes m_buffer;
  std::size_t m_max;
};

// "reason" for a CONNACK code, for reports.
const char* to_string(ConnackCode code);

} // namespace emready::mqtt
