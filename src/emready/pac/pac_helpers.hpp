#pragma once

#include <string_view>

namespace emready::pac {

// The standard PAC helper functions (isPlainHostName, dnsDomainIs, localHostOrDomainIs,
// isResolvable, isInNet, dnsDomainLevels, shExpMatch, weekdayRange, dateRange, timeRange)
// in JavaScript, evaluated before the PAC file. dnsResolve and myIpAddress are native.
// Written from the Netscape PAC specification (1996) as MDN documents it.
std::string_view pac_helpers_js();

} // namespace emready::pac
