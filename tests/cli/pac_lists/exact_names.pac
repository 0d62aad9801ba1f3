// allow: DIRECT
// Exact names, one per line, with else-if chains.
function FindProxyForURL(url, host) {
  if (host == "hbp-ec1l.srv.ygles.com") {
    return "DIRECT";
  } else if (host == "kinesis.eu-central-1.amazonaws.com") {
    return "DIRECT";
  } else if (localHostOrDomainIs(host, "cognito-identity.eu-central-1.amazonaws.com")) {
    return "DIRECT";
  }
  return "PROXY proxy.example.com:3128";
}
