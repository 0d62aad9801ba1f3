#pragma once

#include "emready/probe/proxy_settings.hpp"

#include <curl/curl.h>

namespace emready::probe {

// Sends `curl`'s transfer through `proxy` as a CONNECT tunnel: the proxy URL, the
// credentials apart from it (never in it, so never in a message) offered only on a 407 with
// the schemes allowed (negotiate without a user takes the ticket cache's identity), and
// for an https:// proxy its --proxy-ca-file. One place for the probes and the clock check.
void use_proxy(CURL* curl, const ProxySettings& proxy);

} // namespace emready::probe
