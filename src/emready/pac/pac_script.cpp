#include "emready/pac/pac_script.hpp"

#include "emready/pac/pac_helpers.hpp"

#include <cstdlib>
#include <cstring>
#include <duktape.h>
#include <fmt/format.h>
#include <unistd.h>

namespace emready::pac {

namespace {

int g_fatal_fd = STDERR_FILENO;

int fatal_fd()
{
  return g_fatal_fd;
}

// The heap's allocator keeps a count, so a PAC file cannot take more than its budget.
struct Budget
{
  std::size_t limit = 0;
  std::size_t used = 0;
};

// Each block carries its size in front of it.
constexpr std::size_t k_header = alignof(std::max_align_t);

void* budget_alloc(void* udata, duk_size_t size)
{
  auto* budget = static_cast<Budget*>(udata);
  if (size == 0 || budget->used + size > budget->limit) {
    return nullptr;
  }
  auto* block = static_cast<unsigned char*>(std::malloc(size + k_header));
  if (block == nullptr) {
    return nullptr;
  }
  std::memcpy(block, &size, sizeof size);
  budget->used += size;
  return block + k_header;
}

void budget_free(void* udata, void* pointer)
{
  if (pointer == nullptr) {
    return;
  }
  auto* budget = static_cast<Budget*>(udata);
  auto* block = static_cast<unsigned char*>(pointer) - k_header;
  std::size_t size = 0;
  std::memcpy(&size, block, sizeof size);
  budget->used -= size;
  std::free(block);
}

void* budget_realloc(void* udata, void* pointer, duk_size_t size)
{
  if (pointer == nullptr) {
    return budget_alloc(udata, size);
  }
  if (size == 0) {
    budget_free(udata, pointer);
    return nullptr;
  }
  auto* budget = static_cast<Budget*>(udata);
  auto* block = static_cast<unsigned char*>(pointer) - k_header;
  std::size_t old_size = 0;
  std::memcpy(&old_size, block, sizeof old_size);
  if (size > old_size && budget->used + (size - old_size) > budget->limit) {
    return nullptr;
  }
  auto* grown = static_cast<unsigned char*>(std::realloc(block, size + k_header));
  if (grown == nullptr) {
    return nullptr;
  }
  std::memcpy(grown, &size, sizeof size);
  budget->used = budget->used - old_size + size;
  return grown + k_header;
}

// Duktape calls this for errors it cannot throw (out of memory outside a protected call).
// No exception may cross duktape's C frames: the process (evaluate_pac's child) says why and
// ends.
[[noreturn]] void fatal(void*, const char* message)
{
  const auto text = fmt::format("\nfatal\tthe PAC file's JavaScript engine gave up: {}\n",
                                message ? message : "fatal error");
  [[maybe_unused]] const auto written = ::write(fatal_fd(), text.data(), text.size());
  ::_exit(k_fatal_exit);
}

const char* k_environment_key = "\xff" "emready_environment";

PacEnvironment& environment_of(duk_context* ctx)
{
  duk_push_global_stash(ctx);
  duk_get_prop_string(ctx, -1, k_environment_key);
  auto* environment = static_cast<PacEnvironment*>(duk_get_pointer(ctx, -1));
  duk_pop_2(ctx);
  return *environment;
}

duk_ret_t native_dns_resolve(duk_context* ctx)
{
  const std::string host = duk_safe_to_string(ctx, 0);
  auto& environment = environment_of(ctx);
  const auto address = environment.resolve ? environment.resolve(host) : std::nullopt;
  if (address) {
    duk_push_string(ctx, address->c_str());
  } else {
    duk_push_null(ctx);
  }
  return 1;
}

duk_ret_t native_my_ip(duk_context* ctx)
{
  duk_push_string(ctx, environment_of(ctx).my_ip.c_str());
  return 1;
}

// "NAME:LINE: Message" from the error on top of the stack.
std::string describe_error(duk_context* ctx, const std::string& name)
{
  std::string line;
  if (duk_is_error(ctx, -1)) {
    if (duk_get_prop_string(ctx, -1, "lineNumber") && duk_is_number(ctx, -1)) {
      line = fmt::format("{}:", static_cast<long>(duk_get_number(ctx, -1)));
    }
    duk_pop(ctx);
  }
  const std::string text = duk_safe_to_string(ctx, -1);
  return fmt::format("{}:{} {}", name, line, text);
}

} // namespace

void set_fatal_fd(int fd)
{
  g_fatal_fd = fd;
}

struct PacScript::Heap
{
  Budget budget;
  PacEnvironment environment;
  duk_context* ctx = nullptr;

  ~Heap()
  {
    if (ctx != nullptr) {
      duk_destroy_heap(ctx);
    }
  }
};

PacScript::PacScript(const std::string& source, const std::string& name, PacEnvironment environment)
  : m_heap(std::make_unique<Heap>()), m_name(name)
{
  m_heap->budget.limit = environment.memory_limit;
  m_heap->environment = std::move(environment);
  m_heap->ctx = duk_create_heap(budget_alloc, budget_realloc, budget_free, &m_heap->budget, fatal);
  if (m_heap->ctx == nullptr) {
    throw PacError(name + ": cannot create a JavaScript heap");
  }
  auto* ctx = m_heap->ctx;
  duk_push_global_stash(ctx);
  duk_push_pointer(ctx, &m_heap->environment);
  duk_put_prop_string(ctx, -2, k_environment_key);
  duk_pop(ctx);
  duk_push_c_function(ctx, native_dns_resolve, 1);
  duk_put_global_string(ctx, "dnsResolve");
  duk_push_c_function(ctx, native_my_ip, 0);
  duk_put_global_string(ctx, "myIpAddress");
  const auto helpers = pac_helpers_js();
  duk_push_string(ctx, "emready-pac-helpers.js");
  if (duk_pcompile_lstring_filename(ctx, 0, helpers.data(), helpers.size()) != 0 ||
      duk_pcall(ctx, 0) != 0) {
    throw PacError("the built-in PAC helpers do not load: " + describe_error(ctx, "helpers"));
  }
  duk_pop(ctx);
  duk_push_string(ctx, name.c_str());
  if (duk_pcompile_lstring_filename(ctx, 0, source.data(), source.size()) != 0) {
    throw PacError(describe_error(ctx, name));
  }
  if (duk_pcall(ctx, 0) != 0) {
    throw PacError(describe_error(ctx, name));
  }
  duk_pop(ctx);
  if (!duk_get_global_string(ctx, "FindProxyForURL") || !duk_is_function(ctx, -1)) {
    duk_pop(ctx);
    throw PacError(name + ": defines no function FindProxyForURL(url, host)");
  }
  duk_pop(ctx);
}

PacScript::~PacScript() = default;

std::string PacScript::find_proxy(const std::string& url, const std::string& host)
{
  auto* ctx = m_heap->ctx;
  duk_get_global_string(ctx, "FindProxyForURL");
  duk_push_string(ctx, url.c_str());
  duk_push_string(ctx, host.c_str());
  if (duk_pcall(ctx, 2) != 0) {
    auto message = describe_error(ctx, m_name);
    duk_pop(ctx);
    throw PacError(fmt::format("{} (FindProxyForURL(\"{}\", \"{}\") threw)", message, url, host));
  }
  if (!duk_is_string(ctx, -1)) {
    const std::string got = duk_safe_to_string(ctx, -1);
    duk_pop(ctx);
    throw PacError(fmt::format("{}: FindProxyForURL(\"{}\", \"{}\") returned {}, not a string such as "
                               "\"PROXY host:port; DIRECT\"",
                               m_name, url, host, got));
  }
  std::string answer = duk_get_string(ctx, -1);
  duk_pop(ctx);
  return answer;
}

} // namespace emready::pac
