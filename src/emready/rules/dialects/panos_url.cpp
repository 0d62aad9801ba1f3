// PAN-OS custom URL categories (type "URL List").
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/panos.hpp"

#include <algorithm>
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
  "commands; 'delete ... custom-url-category NAME [list ...]' takes entries away again, in "
  "order. A disabled rule or another deleted object makes the audit not proven. Rules carry "
  "no ports.",
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

  // 'set' adds to a category, 'delete' takes entries (or the whole category) away again, in
  // file order, as the firewall applies them. What emready cannot follow — a disabled or
  // deleted security rule, which may be the one that allows the category — is not proven.
  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    std::vector<std::string> categories; // of each rule in list.rules ("" for plain entries)
    for_each_line(source, "#", [&](const SourceLine& line) {
      const auto words = split_words(line.text);
      const bool set = line.text.starts_with("set ");
      const bool remove = line.text.starts_with("delete ") || line.text.starts_with("unset ");
      if (!set && !remove) {
        list.rules.push_back(compile(line.text, line.location));
        categories.emplace_back();
        return;
      }
      const auto named = std::find(words.begin(), words.end(), "custom-url-category");
      const auto values = panos::set_list_values(line.text);
      if (!set || values.empty() || named == words.end()) {
        ++list.ignored_lines; // holds no host rule of its own
      }
      if (set && std::adjacent_find(words.begin(), words.end(), [](auto a, auto b) {
            return a == "disabled" && b == "yes";
          }) != words.end()) {
        list.unmodelled.push_back({line.location, std::string(line.text),
                                   "disables a rule: if it is the one that allows the category, "
                                   "nothing in it is allowed; emready reads only the category"});
        return;
      }
      if (named == words.end() || named + 1 == words.end()) {
        if (remove) {
          list.unmodelled.push_back({line.location, std::string(line.text),
                                     "removes configuration emready does not read (a rule or "
                                     "object that may be what allows the category)"});
        }
        return;
      }
      const auto category = std::string(unquote(*(named + 1)));
      if (set) {
        for (const auto value : values) {
          list.rules.push_back(compile(value, line.at(value)));
          categories.push_back(category);
        }
        return;
      }
      // delete: the whole category, or the values named.
      std::size_t kept = 0;
      for (std::size_t i = 0; i < list.rules.size(); ++i) {
        const auto& entry = list.rules[i].entry;
        const bool gone = categories[i] == category &&
                          (values.empty() || std::any_of(values.begin(), values.end(), [&](auto value) {
                             return same_entry(entry, value);
                           }));
        if (!gone) {
          list.rules[kept] = std::move(list.rules[i]);
          categories[kept] = std::move(categories[i]);
          ++kept;
        }
      }
      list.rules.resize(kept);
      categories.resize(kept);
    });
    return list;
  }

  static bool same_entry(std::string_view a, std::string_view b)
  {
    const auto bare = [](std::string_view text) {
      return text.ends_with('/') ? text.substr(0, text.size() - 1) : text;
    };
    return bare(a) == bare(b);
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
