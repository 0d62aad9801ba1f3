// PAN-OS SSL decryption exclusions.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/panos.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_panos_decrypt{
  "panos-decrypt",
  "PAN-OS SSL decryption exclusion",
  "Each '*' stands for exactly one label: '*.example.com' matches www.example.com but "
  "neither example.com nor a.b.example.com. Reads plain entries and 'set shared ssl-decrypt "
  "ssl-exclude-cert NAME ...' commands. Rules carry no ports.",
  "PAN-OS Web Interface Help, Device > Certificate Management > SSL Decryption Exclusion "
  "(https://docs.paloaltonetworks.com/pan-os/9-1/pan-os-web-interface-help/device/device-"
  "certificate-management-ssl-decryption-exclusion): a wildcard matches one level.",
  "The 'set shared ssl-decrypt ssl-exclude-cert' CLI form is derived from the configuration "
  "XML path, not copied from a document.",
  false,
};

class PanosDecrypt : public Dialect
{
public:
  const DialectInfo& info() const override { return k_panos_decrypt; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    return make_rule(entry, panos::compile_labels(entry, where, "panos-decrypt", 1, 1), where);
  }

  // 'delete ... ssl-exclude-cert NAME' and '... NAME exclude no' take the exclusion away again,
  // in file order; other deletes and disabled rules are not proven (a decryption policy rule
  // emready does not read may be what exempts the hosts).
  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    for_each_line(source, "#", [&](const SourceLine& line) {
      const bool set = line.text.starts_with("set ");
      const bool remove = line.text.starts_with("delete ") || line.text.starts_with("unset ");
      if (!set && !remove) {
        list.rules.push_back(compile(line.text, line.location));
        return;
      }
      const auto words = split_words(line.text);
      const bool exclusion = words.size() >= 5 && words[2] == "ssl-decrypt" && words[3] == "ssl-exclude-cert";
      if (!exclusion) {
        ++list.ignored_lines;
        const bool disables = std::adjacent_find(words.begin(), words.end(), [](auto a, auto b) {
                                return a == "disabled" && b == "yes";
                              }) != words.end();
        if (remove || disables) {
          list.unmodelled.push_back({line.location, std::string(line.text),
                                     "removes or disables configuration emready does not read (a "
                                     "decryption rule that may be what exempts the hosts)"});
        }
        return;
      }
      const auto name = unquote(words[4]);
      const auto no = std::adjacent_find(words.begin() + 5, words.end(), [](auto a, auto b) {
                        return a == "exclude" && b == "no";
                      }) != words.end();
      if (remove || no) {
        ++list.ignored_lines;
        std::erase_if(list.rules, [&](const Rule& rule) { return rule.entry == name; });
        return;
      }
      list.rules.push_back(compile(name, line.at(words[4])));
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
    for (const auto& rule : block.rules) {
      out << fmt::format("set shared ssl-decrypt ssl-exclude-cert {} exclude yes description "
                         "\"Canon eMaintenance\"\n", rule.entry);
    }
  }
};

} // namespace

std::unique_ptr<Dialect> make_panos_decrypt()
{
  return std::make_unique<PanosDecrypt>();
}

} // namespace emready::rules::dialects
