// Azure Firewall application rules.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"
#include "emready/rules/dialects/json_document.hpp"

#include "emready/core/host_name.hpp"

#include <fmt/format.h>
#include <map>

namespace emready::rules::dialects {

namespace {

const DialectInfo k_azure_app{
  "azure-app",
  "Azure Firewall application rule",
  "Target FQDNs with '*' only as the first character: '*.example.com' matches names at any "
  "depth below example.com but not example.com; '*example.com' is a raw suffix that matches "
  "example.com and also evilexample.com; '*' alone is everything. Every rule carries "
  "protocol:port pairs (http or https, ports 1..64000), written 'FQDN https:443[,https:8883]'. "
  "Also reads ARM / Firewall Policy JSON (targetFqdns + protocols).",
  "Azure Firewall FAQ, 'How do wildcards work in target URLs and target FQDNs in application "
  "rules?' (https://learn.microsoft.com/azure/firewall/firewall-faq): '*' only on the far "
  "left; *.contoso.com matches any depth but not contoso.com; *contoso.com matches "
  "contoso.com and anycontoso.com.",
  "MQTT over TLS on 8883 through an https:8883 application rule relies on the firewall "
  "reading the TLS SNI on that port; not confirmed by Azure's documentation.",
  true,
};

constexpr unsigned k_max_port = 64000;

class AzureApp : public Dialect
{
public:
  const DialectInfo& info() const override { return k_azure_app; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    const auto words = split_words(entry);
    if (words.size() != 2) {
      fail(where, "azure-app: expected 'FQDN PROTOCOL:PORT[,PROTOCOL:PORT]', e.g. "
                  "'*.example.com https:443'");
    }
    return compile_target(words[0], parse_protocols(words[1], where), entry, where);
  }

  AllowList read(const SourceText& source) const override
  {
    if (!looks_like_json(source)) {
      return Dialect::read(source);
    }
    AllowList list{source.file, {}, 0, {}};
    const JsonDocument doc(source, "azure-app");
    read_json(doc, doc.root(), "", list);
    if (list.rules.empty()) {
      doc.fail_at("", "no rules with \"targetFqdns\" in this JSON");
    }
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format("*.{}", domain);
  }

  std::string with_ports(const std::string& entry,
                         const std::vector<std::uint16_t>& ports) const override
  {
    return fmt::format("{} {}", entry, join_ports(ports.empty() ? std::vector<std::uint16_t>{443}
                                                                : ports, "https:"));
  }

  bool writes_comments() const override { return false; }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    // One application rule per set of ports, as Azure rules carry their protocols.
    std::map<std::vector<std::uint16_t>, nlohmann::json> by_ports;
    for (const auto& rule : block.rules) {
      auto& targets = by_ports[rule.ports];
      targets.push_back(split_words(rule.entry).at(0));
    }
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& [ports, targets] : by_ports) {
      nlohmann::json protocols = nlohmann::json::array();
      for (const auto port : ports) {
        protocols.push_back({{"protocolType", "Https"}, {"port", port}});
      }
      rules.push_back({{"ruleType", "ApplicationRule"},
                       {"name", fmt::format("canon-em-{}", join_ports(ports))},
                       {"sourceAddresses", {"*"}},
                       {"protocols", protocols},
                       {"targetFqdns", targets}});
    }
    const nlohmann::json doc{{"ruleCollectionType", "FirewallPolicyFilterRuleCollection"},
                             {"name", "emready-canon-em"},
                             {"priority", 200},
                             {"action", {{"type", "Allow"}}},
                             {"rules", rules}};
    out << doc.dump(2) << '\n';
  }

private:
  std::vector<std::uint16_t> parse_protocols(std::string_view text,
                                             const core::SourceLocation& where) const
  {
    std::vector<std::uint16_t> ports;
    for (const auto item : split_on_commas(text)) {
      const auto colon = item.find(':');
      const auto protocol = core::to_lower(item.substr(0, colon));
      if (colon == std::string_view::npos || (protocol != "http" && protocol != "https")) {
        fail(where, fmt::format("azure-app: '{}' is not 'http:PORT' or 'https:PORT' (eM needs "
                                "https; mssql does not apply)", item));
      }
      const auto port = parse_port_list(item.substr(colon + 1), where, k_max_port);
      ports.insert(ports.end(), port.begin(), port.end());
    }
    return ports;
  }

  static std::vector<std::string_view> split_on_commas(std::string_view text)
  {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto comma = std::min(text.find(',', start), text.size());
      out.push_back(text.substr(start, comma - start));
      start = comma + 1;
    }
    return out;
  }

  Rule compile_target(std::string_view fqdn, std::vector<std::uint16_t> ports,
                      std::string_view entry, const core::SourceLocation& where) const
  {
    if (fqdn.find('*', 1) != std::string_view::npos) {
      fail(where, "azure-app: '*' is only allowed as the first character of a target FQDN");
    }
    if (fqdn == "*") {
      return make_rule(entry, Pattern::glob("*"), where, std::move(ports));
    }
    if (fqdn.starts_with("*.")) {
      auto domain = checked_domain(fqdn.substr(2), where, "azure-app");
      return make_rule(entry, Pattern::below(std::move(domain), 1, LabelToken::k_unbounded), where,
                       std::move(ports));
    }
    if (fqdn.starts_with('*')) {
      const auto tail = checked_domain(fqdn.substr(1), where, "azure-app");
      return make_rule(entry, Pattern::glob("*" + tail), where, std::move(ports));
    }
    return make_rule(entry, Pattern::below(checked_domain(fqdn, where, "azure-app"), 0, 0), where,
                     std::move(ports));
  }

  void read_json(const JsonDocument& doc, const nlohmann::json& node, const std::string& pointer,
                 AllowList& list) const
  {
    if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        read_json(doc, node[i], JsonDocument::child(pointer, i), list);
      }
      return;
    }
    if (!node.is_object()) {
      return;
    }
    if (node.contains("targetFqdns")) {
      read_rule(doc, node, pointer, list);
      return;
    }
    for (const auto& [key, value] : node.items()) {
      read_json(doc, value, JsonDocument::child(pointer, key), list);
    }
  }

  void read_rule(const JsonDocument& doc, const nlohmann::json& rule, const std::string& pointer,
                 AllowList& list) const
  {
    std::vector<std::uint16_t> ports;
    if (rule.contains("protocols")) {
      const auto protocols_at = JsonDocument::child(pointer, "protocols");
      const auto& protocols = doc.array_at(rule["protocols"], protocols_at);
      for (std::size_t i = 0; i < protocols.size(); ++i) {
        const auto here = JsonDocument::child(protocols_at, i);
        const auto& protocol = protocols[i];
        if (!protocol.is_object()) {
          doc.fail_at(here, "must be an object {\"protocolType\": …, \"port\": …}");
        }
        const auto type = protocol.contains("protocolType")
                            ? core::to_lower(doc.string_at(protocol["protocolType"], JsonDocument::child(here, "protocolType")))
                            : std::string();
        if (type != "http" && type != "https") {
          continue; // mssql rules never carry eM traffic
        }
        if (!protocol.contains("port")) {
          doc.fail_at(here, "has no \"port\"");
        }
        ports.push_back(static_cast<std::uint16_t>(
          doc.integer_at(protocol["port"], JsonDocument::child(here, "port"), 1, k_max_port)));
      }
    }
    const auto targets_at = JsonDocument::child(pointer, "targetFqdns");
    const auto& targets = doc.array_at(rule["targetFqdns"], targets_at);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto here = JsonDocument::child(targets_at, i);
      const auto& text = doc.string_at(targets[i], here);
      const auto where = doc.location(here);
      if (ports.empty()) {
        fail(where, "azure-app: this rule has no http or https protocol, so it allows no eM "
                    "traffic");
      }
      list.rules.push_back(compile_target(text, ports, text, where));
    }
  }
};

} // namespace

std::unique_ptr<Dialect> make_azure_app()
{
  return std::make_unique<AzureApp>();
}

} // namespace emready::rules::dialects
