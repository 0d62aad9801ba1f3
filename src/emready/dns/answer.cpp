#include "emready/dns/answer.hpp"

namespace emready::dns {

const char* to_string(Status status)
{
  switch (status) {
  case Status::ok: return "NOERROR";
  case Status::nodata: return "NOERROR (no data)";
  case Status::nxdomain: return "NXDOMAIN";
  case Status::servfail: return "SERVFAIL";
  case Status::refused: return "REFUSED";
  case Status::timeout: return "timeout";
  case Status::malformed: return "malformed reply";
  case Status::error: return "error";
  }
  return "?";
}

} // namespace emready::dns
