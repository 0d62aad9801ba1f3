// emready's own canonical list, and the "exact" dialect (FQDN objects with no wildcards),
// which is the same syntax without '*'.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_plain{
  "plain",
  "emready plain list",
  "'host' is exactly that host; '*.domain' is any name at any depth below domain, but not "
  "domain itself; '*' alone is every host. A rule may end in ':port' or ':port,port' to "
  "allow only those ports (no ports: any port).",
  "emready's own format (README.md, 'Allow-list formats').",
  "",
  true,
};

const DialectInfo k_exact{
  "exact",
  "FQDN objects without wildcards (Cisco ASA/FTD FQDN objects, pfSense aliases, Azure "
  "Firewall network rules)",
  "Each rule is one fully qualified host name and matches only that host; '*' is rejected. "
  "An optional ':port' or ':port,port' limits the ports.",
  "Cisco Secure Firewall (ASA/FTD) 'object network ... fqdn'; pfSense host aliases; Azure "
  "Firewall network rules with FQDNs (DNS proxy).",
  "",
  true,
};

// Compiles "host[:ports]" or (with wildcards) "*.domain[:ports]" / "*[:ports]".
Rule compile_entry(std::string_view entry, const core::SourceLocation& where,
                   std::string_view dialect, bool wildcards)
{
  auto host = entry;
  std::vector<std::uint16_t> ports;
  if (const auto colon = entry.rfind(':'); colon != std::string_view::npos) {
    host = entry.substr(0, colon);
    ports = parse_port_list(entry.substr(colon + 1), where);
  }
  if (host.find('*') != std::string_view::npos) {
    if (!wildcards) {
      fail(where, fmt::format("{}: '{}' has a '*', but these objects take exact host names only",
                              dialect, host));
    }
    if (host == "*") {
      return make_rule(entry, Pattern::labels({{false, {}, 1, LabelToken::k_unbounded}}), where,
                       std::move(ports));
    }
    if (!host.starts_with("*.") || host.find('*', 1) != std::string_view::npos) {
      fail(where, fmt::format("{}: '*' may only stand as the whole first label, as in "
                              "'*.example.com'", dialect));
    }
    auto domain = checked_domain(host.substr(2), where, dialect);
    return make_rule(entry, Pattern::below(std::move(domain), 1, LabelToken::k_unbounded), where,
                     std::move(ports));
  }
  return make_rule(entry, Pattern::below(checked_domain(host, where, dialect), 0, 0), where,
                   std::move(ports));
}

class Plain : public Dialect
{
public:
  const DialectInfo& info() const override { return k_plain; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    return compile_entry(entry, where, "plain", true);
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format("*.{}", domain);
  }

  std::string with_ports(const std::string& entry,
                         const std::vector<std::uint16_t>& ports) const override
  {
    return ports.empty() ? entry : fmt::format("{}:{}", entry, join_ports(ports));
  }
};

class Exact : public Plain
{
public:
  const DialectInfo& info() const override { return k_exact; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    return compile_entry(entry, where, "exact", false);
  }

  std::optional<std::string> wildcard_entry(std::string_view /*domain*/) const override
  {
    return std::nullopt;
  }
};

} // namespace

std::unique_ptr<Dialect> make_plain()
{
  return std::make_unique<Plain>();
}

std::unique_ptr<Dialect> make_exact()
{
  return std::make_unique<Exact>();
}

} // namespace emready::rules::dialects
