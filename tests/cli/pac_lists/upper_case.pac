// allow: DIRECT
// Comparisons are case-sensitive: a pattern in capitals matches no host a device asks for.
function FindProxyForURL(url, host) {
  if (shExpMatch(host, "*.SRV.YGLES.COM"))
    return "DIRECT";
  if (dnsDomainIs(host, ".amazonaws.com"))
    return "DIRECT";
  return "PROXY proxy.example.com:3128";
}
