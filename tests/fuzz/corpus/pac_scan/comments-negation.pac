function FindProxyForURL(url, host) {
  /* if (dnsDomainIs(host, ".srv.ygles.com")) return "DIRECT"; */
  // shExpMatch(host, "*.amazonaws.com")
  if (!dnsDomainIs(host, ".ugwdevice.net") && !(host == "a.b")) return "PROXY p:3128";
  if (shExpMatch(host, "*.c-wss.com") || localHostOrDomainIs(host, "x.y")) return "DIRECT";
  return 'DIRECT';
}
