#pragma once

#include "emready/core/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace emready::profile {

// What the agent speaks once TLS is up.
enum class Protocol
{
  https,    // HTTPS (TLS on TCP)
  mqtt_tls, // MQTT over TLS (AWS IoT: 8883, or 443 with ALPN x-amzn-mqtt-ca)
};

// The profile-file spelling of a protocol ("https", "mqtt-tls").
const char* to_string(Protocol protocol);

// The ALPN protocol a device offers when it speaks `protocol` on `port`, "" for none. AWS IoT
// Core takes MQTT on 443 only with ALPN "x-amzn-mqtt-ca" and MQTT on 8883 without ALPN (AWS
// IoT developer guide, "Protocols, port mappings, and authentication"); HTTPS offers
// "http/1.1". The one place this rule lives: `check` probes with it and the lab agent
// connects with it.
std::string device_alpn(Protocol protocol, std::uint16_t port);

// One host an agent must reach, and on which ports.
struct Endpoint
{
  std::string host;                 // lower-case FQDN
  std::vector<std::uint16_t> ports; // in the order the profile lists them
  bool any_port = false;            // true: any one of `ports` is enough
  bool required = true;             // false: only needed under `condition`
  std::string condition;            // in words, for conditional endpoints
  Protocol protocol = Protocol::https;
  bool mutual_tls = false;          // client certificates: TLS inspection breaks it
  std::string port_note;            // set when the source states no port (443 assumed)
  std::string note;
  core::SourceLocation location;    // where the endpoint is defined
};

// One agent (or agent mode) and everything it must reach.
struct Profile
{
  std::string agent;                          // e.g. "cca", "cdca-v2-cca"
  std::string title;
  std::string description;
  std::string region;                         // e.g. "eu-central-1"
  std::vector<std::string> recommended_rules; // Canon's wildcards, as "*.domain"
  std::vector<Endpoint> endpoints;
  std::string origin;                         // "built-in" or the file it came from
  std::string file;                           // the file's name in messages
  std::string source_text;                    // the file as read (its digest goes in reports)
};

// The domain of a recommended rule: "*.srv.ygles.com" → "srv.ygles.com".
std::string wildcard_domain(const std::string& recommended_rule);

} // namespace emready::profile
