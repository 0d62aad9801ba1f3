#include "emready/pac/wpad.hpp"

#include <algorithm>
#include <sstream>

namespace emready::pac {

namespace {

std::vector<std::string> words(const std::string& line)
{
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string word;
  while (in >> word) {
    out.push_back(word);
  }
  return out;
}

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return text;
}

} // namespace

std::vector<std::string> search_domains(const std::string& resolv_conf)
{
  std::vector<std::string> search;
  std::vector<std::string> domain;
  std::istringstream in(resolv_conf);
  std::string line;
  while (std::getline(in, line)) {
    auto fields = words(line.substr(0, line.find_first_of("#;")));
    if (fields.empty()) {
      continue;
    }
    const auto keyword = fields.front();
    fields.erase(fields.begin());
    if (keyword == "search") {
      search = fields; // the last one wins (resolv.conf(5))
    } else if (keyword == "domain" && !fields.empty()) {
      domain = {fields.front()};
    }
  }
  auto chosen = search.empty() ? domain : search;
  for (auto& name : chosen) {
    name = lower(name);
    while (!name.empty() && name.back() == '.') {
      name.pop_back();
    }
  }
  chosen.erase(std::remove(chosen.begin(), chosen.end(), std::string()), chosen.end());
  return chosen;
}

std::vector<std::string> wpad_dns_urls(const std::vector<std::string>& domains)
{
  std::vector<std::string> urls;
  for (const auto& domain : domains) {
    std::string suffix = domain;
    while (std::count(suffix.begin(), suffix.end(), '.') >= 1) {
      const auto url = "http://wpad." + suffix + "/wpad.dat";
      if (std::find(urls.begin(), urls.end(), url) == urls.end()) {
        urls.push_back(url);
      }
      suffix = suffix.substr(suffix.find('.') + 1);
    }
  }
  return urls;
}

std::optional<std::string> dhcp_wpad_url(const std::string& lease_text)
{
  std::optional<std::string> found;
  std::istringstream in(lease_text);
  std::string line;
  while (std::getline(in, line)) {
    const auto low = lower(line);
    const bool dhclient = low.find("option wpad ") != std::string::npos ||
                          low.find("option option-252 ") != std::string::npos ||
                          low.find("option code-252 ") != std::string::npos;
    if (dhclient) {
      const auto open = line.find('"');
      const auto close = open == std::string::npos ? open : line.find('"', open + 1);
      if (close != std::string::npos) {
        found = line.substr(open + 1, close - open - 1);
      }
      continue;
    }
    const auto first = low.find_first_not_of(" \t");
    if (first != std::string::npos && low.compare(first, 5, "wpad=") == 0) {
      auto value = line.substr(first + 5);
      while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) {
        value.pop_back();
      }
      if (!value.empty()) {
        found = value;
      }
    }
  }
  if (found && found->empty()) {
    found.reset();
  }
  return found;
}

} // namespace emready::pac
