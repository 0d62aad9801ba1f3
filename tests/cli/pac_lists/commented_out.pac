// allow: DIRECT
// Rules in comments allow nothing, in either reading.
function FindProxyForURL(url, host) {
  // if (shExpMatch(host, "*.amazonaws.com")) return "DIRECT";
  /* if (shExpMatch(host, "*.srv.ygles.com"))
       return "DIRECT"; */
  if (shExpMatch(host, "*.iot.eu-central-1.amazonaws.com")) return "DIRECT"; // the IoT broker only
  return "PROXY proxy.example.com:3128";
}
