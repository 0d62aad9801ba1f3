#pragma once

#include <optional>
#include <string>
#include <vector>

namespace emready::pac {

// Where the browsers' Web Proxy Auto-Discovery looks, as pure functions of what the machine
// says. The I/O (files, DNS, HTTP) is the caller's.

// The search domains of a resolv.conf text: its last `search` line, else its `domain`.
std::vector<std::string> search_domains(const std::string& resolv_conf);

// The DNS candidates for `domains`, in order: for each domain, wpad.<domain> URLs from the
// longest suffix to the shortest with two labels left (corp.example.com → wpad.corp.example.com,
// then wpad.example.com; never wpad.com), each http://wpad.<suffix>/wpad.dat, no repeats.
std::vector<std::string> wpad_dns_urls(const std::vector<std::string>& domains);

// The PAC URL a DHCP lease file holds in option 252 (dhclient: `option wpad "…";`,
// `option option-252 "…";` or `option code-252 "…";`; NetworkManager: `WPAD=…`), the
// last one (the newest lease); nullopt when none.
std::optional<std::string> dhcp_wpad_url(const std::string& lease_text);

} // namespace emready::pac
