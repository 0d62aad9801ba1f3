// allow: DIRECT
// Canon's wildcards as shExpMatch globs: '*' crosses dots.
function FindProxyForURL(url, host) {
  if (shExpMatch(host, "*.srv.ygles.com") || shExpMatch(host, "*.amazonaws.com"))
    return "DIRECT";
  return "PROXY proxy.example.com:3128";
}
