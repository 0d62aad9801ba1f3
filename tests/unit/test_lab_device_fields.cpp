#include "emready/lab/services/device_fields.hpp"

#include <doctest/doctest.h>

using emready::lab::services::validate_device_fields;
using emready::lab::services::validate_telemetry;
using nlohmann::json;

namespace {

const json k_device{{"customer", "ACME A/S"},   {"product_name", "imageRUNNER ADVANCE C5840i"},
                    {"serial_number", "SN123"}, {"location", "Copenhagen, 3rd floor"},
                    {"ip_address", "10.0.0.7"}};

std::string refused_field(const json& body)
{
  const auto error = validate_device_fields(body);
  return error ? error->field : "";
}

} // namespace

TEST_CASE("unit: lab device fields: what eM collects passes")
{
  CHECK(!validate_device_fields(k_device));
  CHECK(!validate_device_fields({{"serial_number", "X1"}}));
  auto v6 = k_device;
  v6["ip_address"] = "2001:db8::7";
  CHECK(!validate_device_fields(v6));
  CHECK(!validate_telemetry({{"status", "ready"}, {"alarms", {"E000-0001", "toner low"}}}));
  CHECK(!validate_telemetry({{"status", "sleep"}}));
}

TEST_CASE("unit: lab device fields: what the seed says eM never collects is refused by name")
{
  for (const auto* field : {"user_name", "document_name", "job_content", "username",
                            "print_data", "job_time"}) {
    CAPTURE(field);
    auto body = k_device;
    body[field] = "x";
    const auto error = validate_device_fields(body);
    REQUIRE(error);
    CHECK(error->field == field);
    CHECK(error->message.starts_with(std::string("field '") + field +
                                     "' is not collected by eMaintenance: "));
    CHECK(error->message.find("never collected") != std::string::npos);
    auto telemetry = json{{"status", "ready"}, {field, "x"}};
    CHECK(validate_telemetry(telemetry)->field == field);
  }
}

TEST_CASE("unit: lab device fields: any other field, a wrong type or a bad value is refused")
{
  auto body = k_device;
  body["colour"] = "red";
  const auto error = validate_device_fields(body);
  REQUIRE(error);
  CHECK(error->field == "colour");
  CHECK(error->message.find("(allowed: customer, product_name, serial_number, location, "
                            "ip_address)") != std::string::npos);
  CHECK(refused_field({{"customer", "x"}}) == "serial_number");
  CHECK(refused_field({{"serial_number", 12}}) == "serial_number");
  CHECK(refused_field({{"serial_number", "a/b"}}) == "serial_number");
  CHECK(refused_field({{"serial_number", "a"}, {"ip_address", "10.0.0"}}) == "ip_address");
  CHECK(refused_field({{"serial_number", "a"}, {"location", std::string(300, 'x')}}) ==
        "location");
  CHECK(validate_device_fields(json::array())->message == "the body must be a JSON object");
  CHECK(validate_telemetry({{"alarms", json::array()}})->field == "status");
  CHECK(validate_telemetry({{"status", "x"}, {"alarms", "E1"}})->field == "alarms");
  CHECK(validate_telemetry({{"status", "x"}, {"alarms", {1}}})->field == "alarms");
}
