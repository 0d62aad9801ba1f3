#include "emready/mqtt/packet.hpp"

#include <doctest/doctest.h>

using namespace emready::mqtt;

namespace {

Packet read_one(const Bytes& wire)
{
  Reader reader;
  reader.feed(wire.data(), wire.size());
  const auto packet = reader.next();
  REQUIRE(packet.has_value());
  CHECK_FALSE(reader.next().has_value());
  return *packet;
}

} // namespace

TEST_CASE("unit: MQTT CONNECT round trip with credentials, as in OASIS 3.1.1 3.1")
{
  const auto wire = encode_connect({"LAB0001", "root/eu", "s3cret", 30});
  CHECK(wire[0] == 0x10);
  CHECK(wire[1] == wire.size() - 2); // one-byte remaining length
  const auto connect = decode_connect(read_one(wire));
  CHECK(connect.client_id == "LAB0001");
  CHECK(connect.username == "root/eu");
  CHECK(connect.password == "s3cret");
  CHECK(connect.keep_alive == 30);
}

TEST_CASE("unit: MQTT PUBLISH QoS 1 keeps topic, id and a payload over 127 bytes")
{
  const std::string payload(20000, 'x'); // remaining length needs three bytes
  const auto wire = encode_publish({"em/root/devices/SN/telemetry", payload, 1, 7});
  CHECK((wire[1] & 0x80) != 0);
  CHECK((wire[2] & 0x80) != 0);
  CHECK((wire[3] & 0x80) == 0);
  const auto publish = decode_publish(read_one(wire));
  CHECK(publish.topic == "em/root/devices/SN/telemetry");
  CHECK(publish.qos == 1);
  CHECK(publish.id == 7);
  CHECK(publish.payload == payload);
}

TEST_CASE("unit: MQTT CONNACK, PUBACK and empty packets")
{
  CHECK(decode_connack(read_one(encode_connack(ConnackCode::bad_credentials))) ==
        ConnackCode::bad_credentials);
  CHECK(decode_puback(read_one(encode_puback(513))) == 513);
  CHECK(encode_empty(Type::pingreq) == Bytes{0xc0, 0x00});
  CHECK(encode_empty(Type::disconnect) == Bytes{0xe0, 0x00});
}

TEST_CASE("unit: MQTT reader waits for whole packets fed byte by byte")
{
  const auto wire = encode_publish({"t", "hello", 0, 0});
  Reader reader;
  for (std::size_t i = 0; i + 1 < wire.size(); ++i) {
    reader.feed(&wire[i], 1);
    CHECK_FALSE(reader.next().has_value());
  }
  reader.feed(&wire.back(), 1);
  const auto packet = reader.next();
  REQUIRE(packet.has_value());
  CHECK(decode_publish(*packet).payload == "hello");
}

TEST_CASE("unit: MQTT malformed packets are protocol errors")
{
  SUBCASE("remaining length over four bytes")
  {
    Reader reader;
    const Bytes wire{0x30, 0xff, 0xff, 0xff, 0xff, 0x01};
    reader.feed(wire.data(), wire.size());
    CHECK_THROWS_AS(reader.next(), ProtocolError);
  }
  SUBCASE("a packet over the reader's limit")
  {
    Reader reader(100);
    const auto wire = encode_publish({"t", std::string(200, 'x'), 0, 0});
    reader.feed(wire.data(), wire.size());
    CHECK_THROWS_AS(reader.next(), ProtocolError);
  }
  SUBCASE("a CONNECT of another protocol level")
  {
    auto wire = encode_connect({"id", "", "", 60});
    wire[8] = 3; // MQIsdp era level
    CHECK_THROWS_AS(decode_connect(read_one(wire)), ProtocolError);
  }
  SUBCASE("a string running past the end")
  {
    Packet packet{Type::publish, 0, {0x00, 0x09, 't'}};
    CHECK_THROWS_AS(decode_publish(packet), ProtocolError);
  }
  SUBCASE("QoS 2")
  {
    CHECK_THROWS_AS(decode_publish(read_one(encode_publish({"t", "x", 2, 1}))), ProtocolError);
  }
}
