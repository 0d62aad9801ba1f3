// AWS Network Firewall stateful domain list rule groups.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/json_document.hpp"

#include <fmt/format.h>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_aws_nfw{
  "aws-nfw",
  "AWS Network Firewall domain list",
  "'.example.com' matches example.com and every name at any depth below it; a name without "
  "a leading dot matches only itself. Matched on the TLS SNI and the HTTP Host header; rules "
  "carry no ports. Reads a RuleGroup / RulesSourceList JSON document or one target per line.",
  "AWS Network Firewall API reference, RulesSourceList "
  "(https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_RulesSourceList.html): "
  "\"a leading dot (.example.com) matches the domain and all of its subdomains\"; explicit "
  "names match exactly. The generated Suricata rules use port any, so 8883 is inspected too.",
  "",
  false,
};

class AwsNfw : public Dialect
{
public:
  const DialectInfo& info() const override { return k_aws_nfw; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    return compile_dot_domain(entry, where, "aws-nfw", LabelToken::k_unbounded);
  }

  AllowList read(const SourceText& source) const override
  {
    if (!looks_like_json(source)) {
      return Dialect::read(source);
    }
    AllowList list{source.file, {}, 0, {}};
    const JsonDocument doc(source, "aws-nfw");
    bool found = false;
    read_json(doc, doc.root(), "", list, found);
    if (!found) {
      doc.fail_at("", "no \"RulesSourceList\" with \"Targets\" in this JSON");
    }
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format(".{}", domain);
  }

  bool writes_comments() const override { return false; }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& rule : block.rules) {
      targets.push_back(rule.entry);
    }
    const nlohmann::json doc{
      {"RulesSource",
       {{"RulesSourceList",
         {{"Targets", targets},
          {"TargetTypes", {"TLS_SNI", "HTTP_HOST"}},
          {"GeneratedRulesType", "ALLOWLIST"}}}}}};
    out << doc.dump(2) << '\n';
  }

private:
  // Walks the document for every RulesSourceList, wherever the export nests it (the
  // depth is bounded by JsonDocument).
  void read_json(const JsonDocument& doc, const nlohmann::json& node, const std::string& pointer, AllowList& list,
                 bool& found) const
  {
    if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        read_json(doc, node[i], JsonDocument::child(pointer, i), list, found);
      }
      return;
    }
    if (!node.is_object()) {
      return;
    }
    for (const auto& [key, value] : node.items()) {
      const auto here = JsonDocument::child(pointer, key);
      if (key == "RulesSourceList" && value.is_object() && value.contains("Targets")) {
        read_rules_source_list(doc, value, here, list);
        found = true;
      } else {
        read_json(doc, value, here, list, found);
      }
    }
  }

  void read_rules_source_list(const JsonDocument& doc, const nlohmann::json& node, const std::string& pointer,
                              AllowList& list) const
  {
    if (node.contains("GeneratedRulesType")) {
      const auto here = JsonDocument::child(pointer, "GeneratedRulesType");
      if (doc.string_at(node["GeneratedRulesType"], here) != "ALLOWLIST") {
        doc.fail_at(here, "this rule group is a DENYLIST, not an allow-list");
      }
    }
    const auto targets_at = JsonDocument::child(pointer, "Targets");
    const auto& targets = doc.array_at(node["Targets"], targets_at);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto here = JsonDocument::child(targets_at, i);
      list.rules.push_back(compile(doc.string_at(targets[i], here), doc.location(here)));
    }
  }
};

} // namespace

std::unique_ptr<Dialect> make_aws_nfw()
{
  return std::make_unique<AwsNfw>();
}

} // namespace emready::rules::dialects
