#pragma once

#include <string>
#include <string_view>

namespace emready::check {

// The TLS-inspection product an issuer name reveals ("Palo Alto Networks", "Fortinet",
// "Zscaler", …), or "" when it reveals none.
std::string interception_product(std::string_view issuer);

} // namespace emready::check
