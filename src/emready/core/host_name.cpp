#include "emready/core/host_name.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace emready::core {

namespace {

// ASCII only, as RFC 1123 means it (and as <cctype> in the "C" locale emready runs in),
// without a library call per character.
bool is_ldh(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
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
  // The labels are walked in place: this runs once per allow-list rule.
  const auto label_count = static_cast<std::size_t>(std::count(name.begin(), name.end(), '.')) + 1;
  if (label_count < min_labels) {
    return fmt::format("'{}' is not a fully qualified host name (it needs a domain)", name);
  }
  std::string_view last_label;
  for (std::size_t start = 0; start <= name.size();) {
    const auto dot = std::min(name.find('.', start), name.size());
    const auto label = name.substr(start, dot - start);
    last_label = label;
    start = dot + 1;
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
  if (std::all_of(last_label.begin(), last_label.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    return fmt::format("'{}' looks like an address, not a host name (all-numeric top label)",
                       name);
  }
  return {};
}

std::string to_lower(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
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
