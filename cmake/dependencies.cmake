# Every dependency comes from a Debian 12 package (see packaging/debian-build-deps.txt);
# nothing is downloaded or vendored.
find_package(CLI11 REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(yaml-cpp REQUIRED CONFIG)
find_package(nlohmann_json REQUIRED CONFIG)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
# DNS messages for the lab's authoritative responder (no hand-rolled packet code).
pkg_check_modules(LDNS REQUIRED IMPORTED_TARGET ldns)
# emready serve's HTTP server (exporter/http_server.cpp says why this library).
pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)
# PAC files run in duktape (ES5.1): small, embeddable, and its dnsResolve/myIpAddress are ours
# to bind to the run's resolver, which libpacparser (system resolver only) does not allow.
pkg_check_modules(DUKTAPE REQUIRED IMPORTED_TARGET duktape)
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
if(EMREADY_BUILD_TESTS)
  find_package(doctest REQUIRED CONFIG)
endif()
