#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace emready::pac {

// What a PAC file may ask of the machine it runs on.
struct PacEnvironment
{
  // dnsResolve(host): an IPv4 address, or nullopt when the name does not resolve.
  std::function<std::optional<std::string>(const std::string& host)> resolve;
  std::string my_ip = "127.0.0.1"; // myIpAddress()
  std::size_t memory_limit = 64u << 20; // bytes the script's heap may hold
};

// A PAC file loaded into its own JavaScript heap (duktape, ES5.1) with the standard helpers.
// Not time-limited by itself: pac::evaluate_pac runs it in a child process with a watchdog.
class PacScript
{
public:
  // Compiles and runs `source` (its top level). Throws PacError located as "NAME:LINE: …".
  PacScript(const std::string& source, const std::string& name, PacEnvironment environment);
  ~PacScript();
  PacScript(const PacScript&) = delete;
  PacScript& operator=(const PacScript&) = delete;

  // FindProxyForURL(url, host) as a string. Throws PacError for a throw, a missing
  // function or a result that is not a string.
  std::string find_proxy(const std::string& url, const std::string& host);

private:
  struct Heap;
  std::unique_ptr<Heap> m_heap;
  std::string m_name;
};

// Where a fatal engine error (the heap's budget exhausted outside a protected call) is
// written, as "\nfatal\tMESSAGE\n", before the process exits with k_fatal_exit.
inline constexpr int k_fatal_exit = 70;
void set_fatal_fd(int fd);

// A PAC file that cannot be evaluated: the message says where and why.
struct PacError : std::runtime_error
{
  using std::runtime_error::runtime_error;
};

} // namespace emready::pac
