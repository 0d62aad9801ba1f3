// Check Point domain objects (dns-domain).
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_checkpoint{
  "checkpoint",
  "Check Point domain objects",
  "Names start with a dot. In FQDN mode ('.example.com fqdn', the default; API is-sub-domain "
  "false) the object matches exactly the host example.com; in non-FQDN mode "
  "('.example.com non-fqdn'; is-sub-domain true) it matches example.com and its subdomains. "
  "Also reads 'mgmt_cli add dns-domain name \".x\" is-sub-domain true|false' lines. Rules "
  "carry no ports.",
  "Check Point R81/R82 Security Management Admin Guide, 'Domains': FQDN mode matches the "
  "exact host, non-FQDN mode the domain and its sub-domains; Management API add dns-domain "
  "(is-sub-domain). Note: Check Point resolves these objects by DNS (forward lookups in FQDN "
  "mode, reverse lookups otherwise), not by SNI.",
  "How deep non-FQDN mode reaches is not stated; emready assumes any depth.",
  false,
};

class Checkpoint : public Dialect
{
public:
  const DialectInfo& info() const override { return k_checkpoint; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    const auto words = split_words(entry);
    if (words.empty() || words.size() > 2) {
      fail(where, "checkpoint: expected '.domain' optionally followed by 'fqdn' or 'non-fqdn'");
    }
    bool sub_domains = false;
    if (words.size() == 2) {
      if (words[1] != "fqdn" && words[1] != "non-fqdn") {
        fail(where, fmt::format("checkpoint: unknown mode '{}' (expected 'fqdn' or 'non-fqdn')",
                                words[1]));
      }
      sub_domains = words[1] == "non-fqdn";
    }
    return compile_object(words[0], sub_domains, entry, where);
  }

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    for_each_line(source, "#", [&](const SourceLine& line) {
      if (!line.text.starts_with("mgmt_cli")) {
        list.rules.push_back(compile(line.text, line.location));
        return;
      }
      const auto words = split_words(line.text);
      if (words.size() >= 3 && words[2] == "dns-domain" && (words[1] == "set" || words[1] == "delete")) {
        ++list.ignored_lines;
        list.unmodelled.push_back({line.location, std::string(line.text),
                                   "changes or removes a dns-domain object after it was added; emready reads "
                                   "only 'add dns-domain'"});
        return;
      }
      if (words.size() < 3 || words[1] != "add" || words[2] != "dns-domain") {
        ++list.ignored_lines;
        return;
      }
      std::string_view name;
      bool sub_domains = false;
      for (std::size_t i = 3; i + 1 < words.size(); i += 2) {
        if (words[i] == "name") {
          name = words[i + 1];
        } else if (words[i] == "is-sub-domain") {
          sub_domains = words[i + 1] == "true";
        }
      }
      if (name.empty()) {
        fail(line.location, "checkpoint: 'add dns-domain' without a name");
      }
      list.rules.push_back(compile_object(unquote(name), sub_domains, line.text, line.at(name)));
    });
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format(".{} non-fqdn", domain);
  }

  std::string exact_entry(std::string_view host) const override
  {
    return fmt::format(".{} fqdn", host);
  }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    write_comments(block.header, "#", out);
    for (const auto& rule : block.rules) {
      const auto words = split_words(rule.entry);
      out << fmt::format("mgmt_cli add dns-domain name \"{}\" is-sub-domain {}\n", words[0],
                         words.size() > 1 && words[1] == "non-fqdn" ? "true" : "false");
    }
    if (!block.no_inspection_hosts.empty()) {
      out << "# HTTPS Inspection: add a bypass rule for these hosts (mutual TLS):\n";
      for (const auto& host : block.no_inspection_hosts) {
        out << "#   ." << host << '\n';
      }
    }
  }

private:
  Rule compile_object(std::string_view name, bool sub_domains, std::string_view entry,
                      const core::SourceLocation& where) const
  {
    if (!name.starts_with('.')) {
      fail(where, fmt::format("checkpoint: domain objects start with a dot: write '.{}'", name));
    }
    auto domain = checked_domain(name.substr(1), where, "checkpoint");
    const unsigned depth = sub_domains ? LabelToken::k_unbounded : 0;
    return make_rule(entry, Pattern::below(std::move(domain), 0, depth), where);
  }
};

} // namespace

std::unique_ptr<Dialect> make_checkpoint()
{
  return std::make_unique<Checkpoint>();
}

} // namespace emready::rules::dialects
