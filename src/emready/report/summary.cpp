#include "emready/report/summary.hpp"

#include "emready/core/plural.hpp"

#include <fmt/format.h>

namespace emready::report {

std::vector<std::string> check_summary(const check::CheckResult& result)
{
  std::vector<std::string> out;
  for (const auto& agent : result.agents) {
    out.push_back(agent.ready ? fmt::format("{} ready", agent.agent)
                              : fmt::format("{} NOT READY: {} failing ({})", agent.agent,
                                            core::counted(agent.failed_required.size(), "required host"),
                                            fmt::join(agent.failed_required, ", ")));
  }
  return out;
}

std::vector<std::string> audit_summary(const rules::AuditResult& result)
{
  std::vector<std::string> out;
  for (const auto& agent : result.agents) {
    out.push_back(agent.ready ? fmt::format("{}: every required endpoint allowed", agent.agent)
                              : fmt::format("{} NOT READY: {} not allowed ({})", agent.agent,
                                            core::counted(agent.missing_hosts.size(), "required endpoint"),
                                            fmt::join(agent.missing_hosts, ", ")));
  }
  if (!result.proven()) {
    out.push_back(fmt::format("not proven: {} emready does not model (see the report)",
                              core::counted(result.allowlist.unmodelled.size(), "statement")));
  }
  return out;
}

} // namespace emready::report
