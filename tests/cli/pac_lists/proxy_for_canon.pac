// allow: PROXY emproxy.example.com:8080
// The allowed route is a proxy of its own; everything else goes direct.
function FindProxyForURL(url, host) {
  var canon = ["*.srv.ygles.com", "*.amazonaws.com"];
  if (shExpMatch(host, "*.srv.ygles.com")) return "PROXY emproxy.example.com:8080";
  if (isPlainHostName(host)) return "DIRECT";
  if (shExpMatch(host, "*.eu-central-1.amazonaws.com")) return "PROXY emproxy.example.com:8080";
  return "DIRECT";
}
