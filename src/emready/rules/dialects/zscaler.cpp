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
    return compile_dot_domain(entry, where, "zscaler", k_max_levels);
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
