// Times loading the default trust set (the Mozilla roots) the way `emready check` does, and
// one verification against it; prints JSON: {"load_ms": ..., "roots": ...}.
#include "emready/probe/trust_store.hpp"

#include <chrono>
#include <cstdio>

int main()
{
  const auto start = std::chrono::steady_clock::now();
  const auto trust = emready::probe::TrustStore::mozilla();
  const auto load = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  std::printf("{\"load_ms\": %.3f, \"roots\": %zu}\n", load.count(), trust.size());
  return trust.size() > 100 ? 0 : 1;
}
