// The MQTT packet reader and decoders, with the broker's bound on packet size.
#include "fuzz_target.hpp"

#include "emready/mqtt/packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace emready::mqtt;
  try {
    Reader reader(4096);
    // Fed in two parts: a packet split across reads must come out the same.
    reader.feed(data, size / 2);
    reader.feed(data + size / 2, size - size / 2);
    while (auto packet = reader.next()) {
      switch (packet->type) {
      case Type::connect: (void)decode_connect(*packet); break;
      case Type::connack: (void)decode_connack(*packet); break;
      case Type::publish: (void)decode_publish(*packet); break;
      case Type::puback: (void)decode_puback(*packet); break;
      default: break;
      }
    }
  } catch (const ProtocolError&) {
  }
  return 0;
}
