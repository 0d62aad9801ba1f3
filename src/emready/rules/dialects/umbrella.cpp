// Cisco Umbrella destination lists.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_umbrella{
  "umbrella",
  "Cisco Umbrella destination list",
  "'example.com' matches example.com and every subdomain at any depth; there is no way to "
  "allow a host without its subdomains. '*' is rejected. Rules carry no ports.",
  "Cisco Umbrella, 'Wildcards and Domain Management' "
  "(https://docs.umbrella.com/deployment-umbrella/docs/wildcards-and-domain-management): "
  "\"Every domain that you add ... has an implied left side ... wildcard\"; \"Umbrella does "
  "not support asterisks (*)\".",
  "",
  false,
};

class Umbrella : public Dialect
{
public:
  const DialectInfo& info() const override { return k_umbrella; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    if (entry.find('*') != std::string_view::npos) {
      fail(where, "umbrella: destination lists reject '*'; 'example.com' already covers every "
                  "subdomain");
    }
    if (entry.starts_with('.')) {
      fail(where, fmt::format("umbrella: write '{}' without the leading dot (it covers every "
                              "subdomain)", entry.substr(1)));
    }
    auto domain = checked_domain(entry, where, "umbrella");
    return make_rule(entry, Pattern::below(std::move(domain), 0, LabelToken::k_unbounded), where);
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return std::string(domain);
  }
};

} // namespace

std::unique_ptr<Dialect> make_umbrella()
{
  return std::make_unique<Umbrella>();
}

} // namespace emready::rules::dialects
