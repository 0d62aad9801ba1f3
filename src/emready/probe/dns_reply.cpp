#include "emready/probe/dns_reply.hpp"

#include <ares.h>
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
  default: return Status::error;
  }
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
  char text[INET6_ADDRSTRLEN];
  for (char** address = host->h_addr_list; address && *address; ++address) {
    if (inet_ntop(host->h_addrtype, *address, text, sizeof text)) {
      answer.addresses.emplace_back(text);
    }
  }
  ares_free_hostent(host);
  answer.status = answer.addresses.empty() ? Status::nodata : Status::ok;
}

} // namespace emready::probe
