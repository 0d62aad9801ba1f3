// PAN-OS custom URL categories (type "URL List").
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/panos.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_panos_url{
  "panos-url",
  "PAN-OS custom URL category",
  "'*' stands for one or more whole labels and '^' for exactly one, in any position; "
  "'*.example.com' does not match example.com itself. A trailing '/' is ignored; an entry "
  "with a path can never match on the host name alone (without decryption the firewall "
  "only sees the SNI). Reads plain entries and 'set ... custom-url-category NAME list [ ... ]' "
  "commands. Rules carry no ports.",
  "Palo Alto Networks, Guidelines for URL Category Exceptions "
  "(https://docs.paloaltonetworks.com/advanced-url-filtering/administration/configuring-url-"
  "filtering/url-category-exceptions/guidelines-for-url-category-exceptions): \"to match the "
  "entry *.example.com, a URL must include at least one subdomain\". On PAN-OS 10.1 and "
  "earlier (or 10.2+ with 'Append Ending Token' off) an entry without a trailing '/' also "
  "matches e.g. example.com.evil.net, so emready writes entries with the trailing '/'.",
  "",
  false,
};

class PanosUrl : public Dialect
{
public:
  const DialectInfo& info() const override { return k_panos_url; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    auto host = entry;
    if (host.ends_with('/')) {
      host.remove_suffix(1);
    }
    if (const auto slash = host.find('/'); slash != std::string_view::npos) {
      auto rule = make_rule(entry, Pattern::never(), where);
      rule.cautions.push_back("has a path: it can only match with TLS decryption, never on the "
                              "host name (SNI) alone");
      return rule;
    }
    return make_rule(entry, panos::compile_labels(host, where, "panos-url", 1,
                                                  LabelToken::k_unbounded), where);
  }

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    for_each_line(source, "#", [&](const SourceLine& line) {
      if (!line.text.starts_with("set ")) {
        list.rules.push_back(compile(line.text, line.location));
        return;
      }
      const auto values = panos::set_list_values(line.text);
      if (values.empty() || line.text.find("custom-url-category") == std::string_view::npos) {
        ++list.ignored_lines;
        return;
      }
      for (const auto value : values) {
        list.rules.push_back(compile(value, line.at(value)));
      }
    });
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format("*.{}", domain);
  }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    write_comments(block.header, "#", out);
    out << "set profiles custom-url-category emready-em type \"URL List\"\n";
    out << "set profiles custom-url-category emready-em list [";
    for (const auto& rule : block.rules) {
      out << ' ' << rule.entry << (rule.entry.ends_with('/') ? "" : "/");
    }
    out << " ]\n";
    if (!block.no_inspection_hosts.empty()) {
      out << "# Exclude from decryption (devices do not trust the decryption CA; mutual TLS breaks):\n";
      for (const auto& host : block.no_inspection_hosts) {
        out << fmt::format("set shared ssl-decrypt ssl-exclude-cert {} exclude yes description "
                           "\"Canon eMaintenance, mutual TLS\"\n", host);
      }
    }
  }
};

} // namespace

std::unique_ptr<Dialect> make_panos_url()
{
  return std::make_unique<PanosUrl>();
}

} // namespace emready::rules::dialects
