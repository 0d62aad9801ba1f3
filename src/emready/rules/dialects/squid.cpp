// Squid `dstdomain` ACLs.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/core/host_name.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

namespace emready::rules::dialects {

namespace {

// Includes within includes, at most: a chain of thousands would exhaust the stack.
constexpr std::size_t k_max_include_depth = 16;

// The denies of Debian's stock squid.conf, which refuse no eM host on 443: the final
// `deny all`, the port and manager guards. (`deny CONNECT !SSL_ports` refuses 8883 unless
// SSL_ports lists it: the writer adds that ACL.)
bool stock_deny(const std::vector<std::string_view>& words)
{
  static const std::vector<std::vector<std::string_view>> k_stock{
    {"all"}, {"!Safe_ports"}, {"CONNECT", "!SSL_ports"}, {"manager"}, {"to_localhost"}, {"to_linklocal"}};
  const std::vector<std::string_view> acls(words.begin() + 2, words.end());
  return std::find(k_stock.begin(), k_stock.end(), acls) != k_stock.end();
}

const DialectInfo k_squid{
  "squid",
  "Squid dstdomain ACL",
  "'.example.com' matches example.com and every name at any depth below it; 'example.com' "
  "matches only that host. Case-insensitive. Reads plain lines, native 'acl NAME dstdomain "
  "...' lines (other squid.conf lines are counted and skipped) and \"/path\" includes. Rules "
  "carry no ports: remember the stock 'http_access deny CONNECT !SSL_ports' (only 443), so "
  "MQTT on 8883 through Squid also needs 'acl SSL_ports port 8883'.",
  "Squid configuration reference, acl dstdomain (https://www.squid-cache.org/Doc/config/acl/); "
  "matching as in Squid's matchDomainName() (case-insensitive, label-aligned); the stock "
  "'http_access deny CONNECT !SSL_ports' (https://www.squid-cache.org/Doc/config/http_access/).",
  "",
  false,
};

class Squid : public Dialect
{
public:
  const DialectInfo& info() const override { return k_squid; }

  Rule compile(std::string_view entry, const core::SourceLocation& where) const override
  {
    if (entry.find('*') != std::string_view::npos) {
      // Squid loads it, as a name with a literal '*' that no host has: a dead rule, not an error.
      auto rule = make_rule(entry, Pattern::never(), where);
      const auto fixed = entry.starts_with("*.") ? std::string(entry.substr(1)) : std::string();
      rule.dead = fixed.empty() ? "Squid reads '*' literally: this names no host"
                                : fmt::format("Squid reads '*' literally: this names no host; write '{}'", fixed);
      return rule;
    }
    return compile_dot_domain(entry, where, "squid", LabelToken::k_unbounded);
  }

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    State state;
    state.including.insert(std::filesystem::absolute(source.file).lexically_normal());
    read_into(source, list, state, "");
    return list;
  }

  std::optional<std::string> wildcard_entry(std::string_view domain) const override
  {
    return fmt::format(".{}", domain);
  }

  void write(const RuleBlock& block, std::ostream& out) const override
  {
    write_comments(block.header, "#", out);
    bool other_ports = false;
    for (const auto& rule : block.rules) {
      out << "acl emready_em dstdomain " << rule.entry << '\n';
      for (const auto port : rule.ports) {
        other_ports = other_ports || port != 443;
      }
    }
    if (other_ports) {
      out << "# The stock squid.conf denies CONNECT to ports other than 443:\n"
             "acl SSL_ports port 8883\n";
    }
    if (!block.rules.empty()) { // an http_access naming an undefined ACL stops Squid
      out << "http_access allow CONNECT emready_em  # place before 'http_access deny all'\n";
    }
    if (!block.no_inspection_hosts.empty()) {
      out << "# With ssl_bump, splice (do not bump) these hosts: mutual TLS breaks when bumped.\n";
      for (const auto& host : block.no_inspection_hosts) {
        out << "acl emready_no_bump ssl::server_name " << host << '\n';
      }
      out << "ssl_bump splice emready_no_bump\n";
    }
  }

private:
  // What reading has seen so far: the open includes, and each ACL's members as Squid's
  // splay tree holds them (by name, labels reversed, with whether the entry has a dot).
  struct State
  {
    std::set<std::string> including;
    std::map<std::string, std::map<std::string, bool>> acls;
  };

  // "rgt.srv.ygles.com" → "com.ygles.srv.rgt": subdomains sort right after their domain.
  static std::string reversed(std::string_view name)
  {
    std::string out;
    while (!name.empty()) {
      const auto dot = name.rfind('.');
      out += (out.empty() ? "" : ".") + std::string(name.substr(dot == std::string_view::npos ? 0 : dot + 1));
      name = dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
    }
    return out;
  }

  // Adds `rule` to ACL `acl` as Squid 5.7 does (src/acl/DomainData.cc, checked with
  // `squid -k parse`): a name below a '.domain' already there is ignored with a warning (a
  // caution here); '.domain' next to 'domain', or a '.domain' arriving after a name below it,
  // stops Squid ("FATAL: Bungled"), so the list is refused with Squid's reason.
  void add_member(State& state, const std::string& acl, Rule& rule, const core::SourceLocation& where) const
  {
    if (rule.pattern.is_never()) {
      return;
    }
    const bool dotted = rule.entry.starts_with('.');
    auto name = core::to_lower(dotted ? rule.entry.substr(1) : rule.entry);
    if (!name.empty() && name.back() == '.') {
      name.pop_back();
    }
    auto& members = state.acls[acl];
    const auto key = reversed(name);
    const auto refuse = [&](const std::string& why) {
      fail(where, fmt::format("squid: Squid refuses to start with this list ({}, 'FATAL: Bungled'): {}",
                              acl.empty() ? "in one ACL" : "ACL '" + acl + "'", why));
    };
    for (std::string_view suffix = name;;) {
      if (const auto it = members.find(reversed(suffix)); it != members.end()) {
        if (suffix == name && it->second != dotted) {
          refuse(fmt::format("'.{0}' and '{0}' are both listed; '.{0}' already covers '{0}': remove '{0}'", name));
        }
        if (suffix != name && it->second) {
          rule.cautions.push_back(fmt::format("Squid ignores it: '.{}' in the same ACL already covers it", suffix));
          return;
        }
      }
      const auto dot = suffix.find('.');
      if (dot == std::string_view::npos) {
        break;
      }
      suffix = suffix.substr(dot + 1);
    }
    if (dotted) {
      const auto below = members.lower_bound(key + ".");
      if (below != members.end() && below->first.starts_with(key + ".")) {
        refuse(fmt::format("'{}' is listed before '.{}', which covers it, in the same ACL; remove '{}'",
                           reversed(below->first), name, reversed(below->first)));
      }
    }
    members.emplace(key, dotted);
  }

  void read_into(const SourceText& source, AllowList& list, State& state, const std::string& acl) const
  {
    for_each_line(source, "#", [&](const SourceLine& line) {
      const auto words = split_words(line.text);
      if (words.size() == 1) {
        list.rules.push_back(compile(words[0], line.location));
        add_member(state, acl, list.rules.back(), line.location);
      } else if (words[0] == "http_access" && words.size() >= 3 && words[1] == "deny" && !stock_deny(words)) {
        ++list.ignored_lines;
        list.unmodelled.push_back({line.location, std::string(line.text),
                                   "a deny emready does not evaluate: Squid applies http_access lines in order, so "
                                   "it may refuse hosts the dstdomain ACLs allow"});
      } else if (words[0] == "acl" && words.size() >= 3 && words[2] == "dstdomain") {
        bool after_file = false;
        for (std::size_t i = 3; i < words.size(); ++i) {
          if (after_file) {
            // Squid's strtokFile() ends the line where an included file ends: what follows
            // is never read (checked with a real Squid 5.7).
            list.rules.push_back(make_rule(words[i], Pattern::never(), line.at(words[i])));
            list.rules.back().dead = fmt::format(
              "Squid stops reading this line after the included file, so it never sees '{}'; put it on an "
              "'acl {} dstdomain' line of its own",
              words[i], words[1]);
            continue;
          }
          after_file = words[i].starts_with('"');
          read_value(words[i], line, list, state, std::string(words[1]));
        }
      } else if (words[0].find('.') == std::string_view::npos) {
        ++list.ignored_lines; // another squid.conf directive or ACL type
      } else {
        fail(line.at(words[1]), "squid: expected one domain per line, or "
                                "'acl NAME dstdomain DOMAIN...'");
      }
    });
  }

  void read_value(std::string_view value, const SourceLine& line, AllowList& list, State& state,
                  const std::string& acl) const
  {
    auto& including = state.including;
    if (value.starts_with('-')) {
      return; // flags such as -i (dstdomain is case-insensitive anyway) and -n
    }
    if (!value.starts_with('"')) {
      list.rules.push_back(compile(value, line.at(value)));
      add_member(state, acl, list.rules.back(), line.at(value));
      return;
    }
    std::filesystem::path path{std::string(unquote(value))};
    if (path.empty()) {
      fail(line.at(value), "squid: an include needs a file name between the quotes");
    }
    if (including.size() >= k_max_include_depth) {
      fail(line.at(value), fmt::format("squid: includes nested deeper than {} files", k_max_include_depth));
    }
    if (path.is_relative()) {
      path = std::filesystem::path(line.location.file).parent_path() / path;
    }
    const auto key = std::filesystem::absolute(path).lexically_normal().string();
    if (!including.insert(key).second) {
      fail(line.at(value), fmt::format("squid: '{}' includes itself", path.string()));
    }
    try {
      read_into(read_source(path.string(), "included file"), list, state, acl);
    } catch (const core::InputError& e) {
      if (e.location()) {
        throw;
      }
      const std::string reason = e.what();
      const auto colon = reason.rfind(": ");
      fail(line.at(value), fmt::format("squid: cannot read included file '{}'{}", path.string(),
                                       colon == std::string::npos ? "" : reason.substr(colon)));
    }
    including.erase(key);
  }
};

} // namespace

std::unique_ptr<Dialect> make_squid()
{
  return std::make_unique<Squid>();
}

} // namespace emready::rules::dialects
