// `emready check`: resolves and probes every endpoint, then says what is missing.
#include "emready/check/analyse.hpp"
#include "emready/cli/context.hpp"
#include "emready/cli/check_options.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/report/check_report.hpp"
#include "emready/report/compliance.hpp"
#include "emready/report/junit.hpp"
#include "emready/report/progress.hpp"

#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>
#include <iostream>

namespace emready::cli {

namespace {

std::vector<probe::HostRequest> host_requests(const std::vector<plan::Target>& targets)
{
  std::vector<probe::HostRequest> out;
  for (const auto& target : targets) {
    probe::HostRequest request{target.host, target.ports, {}};
    if (target.protocol == profile::Protocol::mqtt_tls) {
      // AWS IoT takes MQTT on 443 only with ALPN x-amzn-mqtt-ca; 8883 needs none.
      for (const auto port : target.ports) {
        if (port == 443) {
          request.mqtt_alpn_ports.push_back(port);
        }
      }
    }
    out.push_back(std::move(request));
  }
  return out;
}

report::RunFacts run_facts(const CheckOptions& options)
{
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {when, name, EMREADY_VERSION,
          fmt::format("DNS {:g} s, TCP {:g} s, TLS {:g} s per endpoint{}", options.dns_timeout,
                      options.tcp_timeout, options.tls_timeout,
                      options.deadline > 0 ? fmt::format(", {:g} s for the run", options.deadline) : "")};
}

void write_report(const check::CheckResult& result, const CheckOptions& options, std::ostream& out)
{
  if (options.format == "json") {
    out << report::check_json(result).dump(2) << '\n';
  } else if (options.format == "junit") {
    report::write_junit(result, out);
  } else if (options.format == "markdown") {
    report::write_compliance(result, run_facts(options), out);
  } else {
    report::print_check(result, options.output.empty() ? report::Style::for_stdout()
                                                        : report::Style(false),
                        out);
  }
}

int run_check(const CheckOptions& options, const Context& context)
{
  const auto catalog = context.load_catalog();
  const auto profiles = catalog.select(options.agents);
  const auto& dialect = rules::dialect_named(options.dialect);
  const auto engine_options = engine_options_from(options);
  const auto trust = options.ca_file.empty() ? probe::TrustStore::mozilla()
                                             : probe::TrustStore::from_file(options.ca_file);
  const auto targets = plan::plan_targets(profiles);
  raise_descriptor_limit(engine_options.concurrency);

  const auto start = std::chrono::steady_clock::now();
  std::vector<probe::HostObservation> seen;
  {
    report::Progress progress;
    seen = probe::run_engine(host_requests(targets), engine_options, trust,
                             [&progress](std::size_t done, std::size_t total) {
                               progress.update(done, total);
                             });
  }
  auto result = check::analyse(check::judge_hosts(targets, seen, engine_options.accepted),
                               profiles, dialect);
  result.elapsed_ms =
    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  result.trust = trust.description();
  result.proxy = engine_options.proxy ? engine_options.proxy->display + " (" +
                                          engine_options.proxy->source + ")"
                                      : "";
  if (options.output.empty()) {
    write_report(result, options, std::cout);
  } else {
    std::ofstream file(options.output);
    if (!file) {
      throw core::InputError("cannot write --output '" + options.output + "'");
    }
    write_report(result, options, file);
  }
  return core::to_int(result.ready() ? core::ExitCode::ready : core::ExitCode::not_ready);
}

} // namespace

void add_check_command(CLI::App& app, Context& context)
{
  static CheckOptions options;
  auto* command = app.add_subcommand(
    "check", "Resolve and probe every endpoint the agents need, and say what is missing");
  add_check_options(*command, options);
  command->callback([&context] { context.exit_code = run_check(options, context); });
}

} // namespace emready::cli
