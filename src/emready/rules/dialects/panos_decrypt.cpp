// PAN-OS SSL decryption exclusions.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/panos.hpp"

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

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    for_each_line(source, "#", [&](const SourceLine& line) {
      if (!line.text.starts_with("set ")) {
        list.rules.push_back(compile(line.text, line.location));
        return;
      }
      const auto words = split_words(line.text);
      if (words.size() < 5 || words[2] != "ssl-decrypt" || words[3] != "ssl-exclude-cert") {
        ++list.ignored_lines;
        return;
      }
      const auto name = unquote(words[4]);
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
