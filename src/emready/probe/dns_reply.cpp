#include "emready/probe/dns_reply.hpp"

#include <algorithm>
#include <ares.h>
#include <cctype>
#include <unordered_set>
#include <arpa/inet.h>
#include <netdb.h>

namespace emready::probe {

using dns::Answer;
using dns::Status;

Status status_of(int status)
{
  switch (status) {
  case ARES_SUCCESS: return Status::ok;
  case ARES_ENODATA: return Status::nodata;
  case ARES_ENOTFOUND: return Status::nxdomain;
  case ARES_ESERVFAIL: return Status::servfail;
  case ARES_EREFUSED: return Status::refused;
  case ARES_ETIMEOUT: return Status::timeout;
  case ARES_EBADRESP: return Status::malformed;
  default: return Status::error;
  }
}

std::string cname_loop(const std::vector<std::string>& chain)
{
  std::unordered_set<std::string> seen;
  std::vector<std::string> names; // each once, in the order met
  bool looped = false;
  for (const auto& name : chain) {
    auto key = name;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (seen.insert(std::move(key)).second) {
      names.push_back(name);
    } else {
      looped = true;
    }
  }
  if (!looped) {
    return "";
  }
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

std::optional<ReplyQuestion> reply_question(const unsigned char* data, std::size_t size)
{
  constexpr std::size_t k_header = 12;
  if (size < k_header || size > 65535 || (data[2] & 0x80) == 0 || (data[4] << 8 | data[5]) == 0) {
    return std::nullopt; // not a response, or no question to read
  }
  char* name = nullptr;
  long used = 0;
  if (ares_expand_name(data + k_header, data, static_cast<int>(size), &name, &used) != ARES_SUCCESS) {
    return std::nullopt;
  }
  ReplyQuestion question{name, 0, (data[2] & 0x02) != 0};
  ares_free_string(name);
  const auto at = k_header + static_cast<std::size_t>(used);
  if (used < 0 || at + 2 > size) {
    return std::nullopt;
  }
  question.type = data[at] << 8 | data[at + 1];
  return question;
}

void parse_reply(int family, const unsigned char* abuf, int alen, Answer& answer)
{
  hostent* host = nullptr;
  const int status = family == 4 ? ares_parse_a_reply(abuf, alen, &host, nullptr, nullptr)
                                 : ares_parse_aaaa_reply(abuf, alen, &host, nullptr, nullptr);
  if (status != ARES_SUCCESS || host == nullptr) {
    answer.status = status_of(status);
    answer.detail = ares_strerror(status);
    return;
  }
  for (char** alias = host->h_aliases; alias && *alias; ++alias) {
    answer.cnames.emplace_back(*alias);
  }
  if (!answer.cnames.empty()) {
    answer.cnames.emplace_back(host->h_name);
  }
  const auto looped = cname_loop(answer.cnames);
  char text[INET6_ADDRSTRLEN];
  for (char** address = host->h_addr_list; address && *address; ++address) {
    if (inet_ntop(host->h_addrtype, *address, text, sizeof text)) {
      answer.addresses.emplace_back(text);
    }
  }
  ares_free_hostent(host);
  answer.status = answer.addresses.empty() ? Status::nodata : Status::ok;
  if (!looped.empty() && answer.addresses.empty()) {
    answer.status = Status::malformed;
    answer.detail = "the CNAME chain loops, among " + looped + ", and never reaches an address";
  }
}

} // namespace emready::probe
