// allow: DIRECT
// '?' is one character; a glob without '*' must match the whole name.
function FindProxyForURL(url, host) {
  if (shExpMatch(host, "hbp-ec1?.srv.ygles.com")) return "DIRECT";
  if (shExpMatch(host, "kinesis.eu-central-?.amazonaws.com")) return "DIRECT";
  if (shExpMatch(host, "srv.ygles.com")) return "DIRECT";
  return "PROXY proxy.example.com:3128";
}
