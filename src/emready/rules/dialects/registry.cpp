#include "emready/rules/dialects/dialects.hpp"

#include "emready/core/suggest.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

std::vector<std::unique_ptr<Dialect>> make_all()
{
  std::vector<std::unique_ptr<Dialect>> all;
  all.push_back(make_plain());
  all.push_back(make_exact());
  all.push_back(make_squid());
  all.push_back(make_aws_nfw());
  all.push_back(make_zscaler());
  all.push_back(make_checkpoint());
  all.push_back(make_umbrella());
  all.push_back(make_panos_url());
  all.push_back(make_panos_decrypt());
  all.push_back(make_azure_app());
  all.push_back(make_fortigate());
  all.push_back(make_pac());
  return all;
}

} // namespace emready::rules::dialects

namespace emready::rules {

const std::vector<const Dialect*>& all_dialects()
{
  static const auto dialects = dialects::make_all();
  static const std::vector<const Dialect*> views = [] {
    std::vector<const Dialect*> out;
    for (const auto& d : dialects) {
      out.push_back(d.get());
    }
    return out;
  }();
  return views;
}

std::vector<std::string> dialect_names()
{
  std::vector<std::string> names;
  for (const auto* dialect : all_dialects()) {
    names.emplace_back(dialect->info().name);
  }
  return names;
}

const Dialect& dialect_named(std::string_view name)
{
  for (const auto* dialect : all_dialects()) {
    if (dialect->info().name == name) {
      return *dialect;
    }
  }
  throw core::InputError(fmt::format("unknown dialect '{}'{}; known dialects: {}", name,
                                     core::did_you_mean(name, dialect_names()),
                                     fmt::join(dialect_names(), ", ")));
}

Device device_of(const Dialect& dialect)
{
  static const std::pair<std::string_view, Device> k_devices[] = {
    {"plain", Device::any},          {"exact", Device::any},
    {"squid", Device::proxy},        {"zscaler", Device::proxy},
    {"pac", Device::proxy},          {"umbrella", Device::dns_filter},
    {"panos-decrypt", Device::inspection},
  };
  for (const auto& [name, device] : k_devices) {
    if (dialect.info().name == name) {
      return device;
    }
  }
  return Device::firewall;
}

} // namespace emready::rules
