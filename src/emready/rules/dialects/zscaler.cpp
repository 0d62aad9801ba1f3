// Zscaler Internet Access custom URL categories.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include "emready/core/host_name.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_zscaler{
  "zscaler",
  "Zscaler URL category entries",
  "'.example.com' matches example.com and up to 5 levels of subdomains below it; an entry "
  "without the leading dot matches only that host. Entries must be lower-case; '*' is not "
  "used. Rules carry no ports.",
  "Zscaler Help, URL Format Guidelines (https://help.zscaler.com/zia/url-format-guidelines): "
  "\"A leading period functions as a wildcard to the left of the named URL up to 5 subdomain "
  "levels deep ... or matches exactly to the named URL\".",
  "Zscaler asks for lower-case entries but does not say how it compares case.",
  false,
};

constexpr unsigned k_max_levels = 5;

class Zscaler : public Dialect
{
public:
  const DialectInfo& info() const override { return k_zscaler; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    if (has_upper(entry)) {
      fail(where, fmt::format("zscaler: entries must be lower-case: write '{}'",
                              core::to_lower(entry)));
    }
    if (entry.find('*') != std::string_view::npos) {
      fail(where, "zscaler: entries use a leading dot ('.example.com'), not '*'");
    }
    if (entry.starts_with('.')) {
      const auto domain = checked_domain(entry.substr(1), where, "zscaler");
      return make_rule(entry, Pattern::below(domain, 0, k_max_levels), where);
    }
    return make_rule(entry, Pattern::below(checked_domain(entry, where, "zscaler"), 0, 0), where);
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format(".{}", domain);
  }
};

} // namespace

std::unique_ptr<Dialect> make_zscaler()
{
  return std::make_unique<Zscaler>();
}

} // namespace emready::rules::dialects
