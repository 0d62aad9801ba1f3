#include "emready/core/host_name.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace emready::core {

namespace {

bool is_ldh(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

} // namespace

std::string host_name_problem(std::string_view name, std::size_t min_labels)
{
  // RFC 1123 section 2.1: labels of letters, digits and hyphens, 1..63 octets, not starting
  // or ending with a hyphen; the whole name at most 253 octets (255 on the wire).
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  if (name.empty()) {
    return "empty host name";
  }
  if (name.size() > 253) {
    return fmt::format("host name is {} characters long; at most 253 are allowed", name.size());
  }
  const auto labels = split_labels(name);
  if (labels.size() < min_labels) {
    return fmt::format("'{}' is not a fully qualified host name (it needs a domain)", name);
  }
  for (const auto label : labels) {
    if (label.empty()) {
      return fmt::format("empty label in '{}' (two dots in a row, or a leading dot)", name);
    }
    if (label.size() > 63) {
      return fmt::format("label '{}' is {} characters long; at most 63 are allowed", label,
                         label.size());
    }
    const auto bad = std::find_if_not(label.begin(), label.end(), is_ldh);
    if (bad != label.end()) {
      return fmt::format("character '{}' is not allowed in a host name (letters, digits, '-')",
                         *bad);
    }
    if (label.front() == '-' || label.back() == '-') {
      return fmt::format("label '{}' starts or ends with '-'", label);
    }
  }
  if (std::all_of(labels.back().begin(), labels.back().end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    return fmt::format("'{}' looks like an address, not a host name (all-numeric top label)",
                       name);
  }
  return {};
}

std::string to_lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string_view> split_labels(std::string_view name)
{
  std::vector<std::string_view> labels;
  if (name.empty()) {
    return labels;
  }
  std::size_t start = 0;
  while (true) {
    const auto dot = name.find('.', start);
    labels.push_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) {
      return labels;
    }
    start = dot + 1;
  }
}

bool is_within(std::string_view host, std::string_view domain)
{
  if (host.size() == domain.size()) {
    return host == domain;
  }
  return host.size() > domain.size() && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

} // namespace emready::core
