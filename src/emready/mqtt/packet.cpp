#include "emready/mqtt/packet.hpp"

namespace emready::mqtt {

namespace {

void put_u16(Bytes& out, std::uint16_t value)
{
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value & 0xff));
}

void put_string(Bytes& out, const std::string& text)
{
  if (text.size() > 0xffff) {
    throw ProtocolError("string longer than 65535 bytes");
  }
  put_u16(out, static_cast<std::uint16_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

// Reads a packet body front to back.
class Cursor
{
public:
  explicit Cursor(const Bytes& body) : m_body(body) {}

  std::uint8_t u8()
  {
    need(1);
    return m_body[m_at++];
  }

  std::uint16_t u16()
  {
    need(2);
    const auto value = static_cast<std::uint16_t>(m_body[m_at] << 8 | m_body[m_at + 1]);
    m_at += 2;
    return value;
  }

  std::string string()
  {
    const auto size = u16();
    need(size);
    std::string text(m_body.begin() + static_cast<std::ptrdiff_t>(m_at),
                     m_body.begin() + static_cast<std::ptrdiff_t>(m_at + size));
    m_at += size;
    return text;
  }

  std::string rest()
  {
    std::string text(m_body.begin() + static_cast<std::ptrdiff_t>(m_at), m_body.end());
    m_at = m_body.size();
    return text;
  }

private:
  void need(std::size_t size) const
  {
    if (m_at + size > m_body.size()) {
      throw ProtocolError("packet ends in the middle of a field");
    }
  }

  const Bytes& m_body;
  std::size_t m_at = 0;
};

void expect_type(const Packet& packet, Type type, const char* name)
{
  if (packet.type != type) {
    throw ProtocolError(std::string("expected ") + name + ", got packet type " +
                        std::to_string(static_cast<int>(packet.type)));
  }
}

} // namespace

Bytes encode(const Packet& packet)
{
  Bytes out{static_cast<std::uint8_t>(static_cast<unsigned>(packet.type) << 4 | packet.flags)};
  auto size = packet.body.size();
  do { // remaining length: 7 bits per byte, high bit = more (section 2.2.3)
    auto byte = static_cast<std::uint8_t>(size % 128);
    size /= 128;
    out.push_back(size > 0 ? static_cast<std::uint8_t>(byte | 0x80) : byte);
  } while (size > 0);
  out.insert(out.end(), packet.body.begin(), packet.body.end());
  return out;
}

Bytes encode_connect(const Connect& connect)
{
  Packet packet{Type::connect, 0, {}};
  put_string(packet.body, "MQTT");
  packet.body.push_back(4); // protocol level 4 = 3.1.1
  const unsigned flags = 0x02u | (connect.username.empty() ? 0u : 0x80u) | // clean session,
                         (connect.password.empty() ? 0u : 0x40u);     // user, password
  packet.body.push_back(static_cast<std::uint8_t>(flags));
  put_u16(packet.body, connect.keep_alive);
  put_string(packet.body, connect.client_id);
  if (!connect.username.empty()) {
    put_string(packet.body, connect.username);
  }
  if (!connect.password.empty()) {
    put_string(packet.body, connect.password);
  }
  return encode(packet);
}

Bytes encode_connack(ConnackCode code)
{
  return encode({Type::connack, 0, {0, static_cast<std::uint8_t>(code)}});
}

Bytes encode_publish(const Publish& publish)
{
  Packet packet{Type::publish, static_cast<std::uint8_t>(publish.qos << 1), {}};
  put_string(packet.body, publish.topic);
  if (publish.qos > 0) {
    put_u16(packet.body, publish.id);
  }
  packet.body.insert(packet.body.end(), publish.payload.begin(), publish.payload.end());
  return encode(packet);
}

Bytes encode_puback(std::uint16_t id)
{
  Packet packet{Type::puback, 0, {}};
  put_u16(packet.body, id);
  return encode(packet);
}

Bytes encode_empty(Type type)
{
  return encode({type, 0, {}});
}

Connect decode_connect(const Packet& packet)
{
  expect_type(packet, Type::connect, "CONNECT");
  Cursor in(packet.body);
  if (in.string() != "MQTT" || in.u8() != 4) {
    throw ProtocolError("not MQTT 3.1.1 (protocol name MQTT, level 4)");
  }
  const auto flags = in.u8();
  if ((flags & 0x04) != 0) {
    throw ProtocolError("will messages are not supported by the lab broker");
  }
  Connect connect;
  connect.keep_alive = in.u16();
  connect.client_id = in.string();
  connect.username = (flags & 0x80) != 0 ? in.string() : "";
  connect.password = (flags & 0x40) != 0 ? in.string() : "";
  return connect;
}

ConnackCode decode_connack(const Packet& packet)
{
  expect_type(packet, Type::connack, "CONNACK");
  Cursor in(packet.body);
  in.u8(); // session present
  const auto code = in.u8();
  if (code > 5) {
    throw ProtocolError("CONNACK return code " + std::to_string(code) + " is reserved");
  }
  return static_cast<ConnackCode>(code);
}

Publish decode_publish(const Packet& packet)
{
  expect_type(packet, Type::publish, "PUBLISH");
  Publish publish;
  publish.qos = static_cast<std::uint8_t>((packet.flags >> 1) & 0x03);
  if (publish.qos > 1) {
    throw ProtocolError("QoS 2 is not supported by the lab broker");
  }
  Cursor in(packet.body);
  publish.topic = in.string();
  publish.id = publish.qos > 0 ? in.u16() : 0;
  publish.payload = in.rest();
  return publish;
}

std::uint16_t decode_puback(const Packet& packet)
{
  expect_type(packet, Type::puback, "PUBACK");
  Cursor in(packet.body);
  return in.u16();
}

void Reader::feed(const std::uint8_t* data, std::size_t size)
{
  m_buffer.insert(m_buffer.end(), data, data + size);
}

std::optional<Packet> Reader::next()
{
  std::size_t size = 0;
  std::size_t at = 1;
  for (unsigned shift = 0;; shift += 7, ++at) {
    if (at >= m_buffer.size()) {
      return std::nullopt;
    }
    if (at > 4) {
      throw ProtocolError("remaining length longer than four bytes");
    }
    size |= static_cast<std::size_t>(m_buffer[at] & 0x7f) << shift;
    if ((m_buffer[at] & 0x80) == 0) {
      break;
    }
  }
  if (size > m_max) {
    throw ProtocolError("packet of " + std::to_string(size) + " bytes exceeds the limit of " +
                        std::to_string(m_max));
  }
  const auto total = at + 1 + size;
  if (m_buffer.size() < total) {
    return std::nullopt;
  }
  Packet packet{static_cast<Type>(m_buffer[0] >> 4), static_cast<std::uint8_t>(m_buffer[0] & 0x0f),
                Bytes(m_buffer.begin() + static_cast<std::ptrdiff_t>(at + 1),
                      m_buffer.begin() + static_cast<std::ptrdiff_t>(total))};
  m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(total));
  return packet;
}

const char* to_string(ConnackCode code)
{
  switch (code) {
  case ConnackCode::accepted: return "connection accepted";
  case ConnackCode::bad_protocol: return "unacceptable protocol version";
  case ConnackCode::bad_client_id: return "identifier rejected";
  case ConnackCode::unavailable: return "server unavailable";
  case ConnackCode::bad_credentials: return "bad user name or password";
  case ConnackCode::not_authorized: return "not authorized";
  }
  return "unknown";
}

} // namespace emready::mqtt
