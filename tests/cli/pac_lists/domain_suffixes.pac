// allow: DIRECT
// dnsDomainIs is a raw suffix: with the dot it misses the domain itself, without it it also
// matches badsrv.ygles.com-like names.
function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".srv.ygles.com"))
    return "DIRECT";
  if (dnsDomainIs(host, "amazonaws.com"))
    return "DIRECT";
  return "PROXY proxy.example.com:3128";
}
