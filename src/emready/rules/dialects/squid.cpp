// Squid `dstdomain` ACLs.
#include "emready/rules/dialects/dialects.hpp"
#include "emready/rules/dialects/helpers.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
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
    return compile_dot_domain(entry, where, "squid", LabelToken::k_unbounded);
  }

  AllowList read(const SourceText& source) const override
  {
    AllowList list{source.file, {}, 0, {}};
    std::set<std::string> including{std::filesystem::absolute(source.file).lexically_normal()};
    read_into(source, list, including);
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
  void read_into(const SourceText& source, AllowList& list, std::set<std::string>& including) const
  {
    for_each_line(source, "#", [&](const SourceLine& line) {
      const auto words = split_words(line.text);
      if (words.size() == 1) {
        list.rules.push_back(compile(words[0], line.location));
      } else if (words[0] == "http_access" && words.size() >= 3 && words[1] == "deny" && !stock_deny(words)) {
        ++list.ignored_lines;
        list.unmodelled.push_back({line.location, std::string(line.text),
                                   "a deny emready does not evaluate: Squid applies http_access lines in order, so "
                                   "it may refuse hosts the dstdomain ACLs allow"});
      } else if (words[0] == "acl" && words.size() >= 3 && words[2] == "dstdomain") {
        for (std::size_t i = 3; i < words.size(); ++i) {
          read_value(words[i], line, list, including);
        }
      } else if (words[0].find('.') == std::string_view::npos) {
        ++list.ignored_lines; // another squid.conf directive or ACL type
      } else {
        fail(line.at(words[1]), "squid: expected one domain per line, or "
                                "'acl NAME dstdomain DOMAIN...'");
      }
    });
  }

  void read_value(std::string_view value, const SourceLine& line, AllowList& list,
                  std::set<std::string>& including) const
  {
    if (value.starts_with('-')) {
      return; // flags such as -i (dstdomain is case-insensitive anyway) and -n
    }
    if (!value.starts_with('"')) {
      list.rules.push_back(compile(value, line.at(value)));
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
      read_into(read_source(path.string(), "included file"), list, including);
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
