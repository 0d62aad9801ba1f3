#pragma once

#include "emready/rules/dialect.hpp"

#include <memory>
#include <vector>

namespace emready::rules::dialects {

// One instance of every dialect, in help order.
std::vector<std::unique_ptr<Dialect>> make_all();

std::unique_ptr<Dialect> make_plain();
std::unique_ptr<Dialect> make_exact();
std::unique_ptr<Dialect> make_squid();
std::unique_ptr<Dialect> make_aws_nfw();
std::unique_ptr<Dialect> make_zscaler();
std::unique_ptr<Dialect> make_checkpoint();
std::unique_ptr<Dialect> make_umbrella();
std::unique_ptr<Dialect> make_panos_url();
std::unique_ptr<Dialect> make_panos_decrypt();
std::unique_ptr<Dialect> make_azure_app();
std::unique_ptr<Dialect> make_fortigate();
std::unique_ptr<Dialect> make_pac();

} // namespace emready::rules::dialects
