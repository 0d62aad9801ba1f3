// `emready serve`: a Prometheus exporter in the manner of the blackbox exporter.
#include "emready/cli/check_options.hpp"
#include "emready/cli/check_run.hpp"
#include "emready/cli/commands.hpp"
#include "emready/cli/serve_exporter.hpp"
#include "emready/core/exit_code.hpp"
#include "emready/exporter/http_server.hpp"
#include "emready/exporter/listen_address.hpp"

#include <csignal>
#include <fmt/format.h>
#include <iostream>
#include <pthread.h>

namespace emready::cli {

namespace {

int run_serve(const CheckOptions& check, const ServeOptions& serve, const Context& context)
{
  const auto where = exporter::parse_listen_address(serve.listen, "--listen");
  auto setup = prepare_check(check, context, serve.max_runs);
  // Blocked before any thread starts, so every thread inherits it and sigwait takes them.
  sigset_t stop{};
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  const int listener = exporter::open_listener(where, "--listen");
  Exporter pages(check, serve, context, std::move(setup));
  exporter::HttpLimits limits;
  limits.max_connections = serve.max_connections;
  exporter::HttpServer server(
    listener, [&pages](const exporter::HttpRequest& request) { return pages.handle(request); }, limits,
    [](const std::string& line) { std::cerr << "emready serve: http: " << line << '\n'; });
  auto bound = where;
  bound.port = server.port();
  if (!where.loopback) {
    std::cerr << fmt::format("emready serve: warning: {} is not a loopback address: whoever reaches it can "
                             "make this machine probe (runs are shared and bounded by --max-runs)\n",
                             where.address);
  }
  std::cerr << fmt::format("emready serve: listening on http://{}/ (probes: /probe?agent=NAME, the exporter: "
                           "/metrics)\n",
                           bound.text())
            << std::flush;
  int signal = 0;
  sigwait(&stop, &signal);
  std::cerr << fmt::format("emready serve: {}: stopping after the requests in progress\n",
                           signal == SIGTERM ? "SIGTERM" : "SIGINT");
  server.quiesce();
  return core::to_int(core::ExitCode::ready);
}

} // namespace

void add_serve_command(CLI::App& app, Context& context)
{
  auto& check = context.own<CheckOptions>();
  auto& serve = context.own<ServeOptions>();
  auto* command = app.add_subcommand(
    "serve", "Serve checks to Prometheus: /probe?agent=NAME answers with a check's verdicts as metrics");
  add_probe_options(*command, check);
  command->add_option("--listen", serve.listen,
                      "Listen on ADDRESS:PORT ([ADDRESS]:PORT for IPv6; a port alone is 127.0.0.1). "
                      "Any other than a loopback address must be written out")
    ->type_name("ADDRESS:PORT")->capture_default_str();
  command->add_option_function<std::string>(
      "--min-interval",
      [&serve](const std::string& text) { serve.min_interval = text == "0" ? 0 : parse_interval(text, "--min-interval"); },
      "Answer scrapes of the same agents within DURATION of a run with that run (0: a run per "
      "scrape; default 10s)")
    ->type_name("DURATION");
  command->add_option("--max-runs", serve.max_runs, "Checks in progress at once; more scrapes wait for a free one")
    ->check(CLI::Range(1, 64))->capture_default_str();
  command->add_option("--timeout-offset", serve.timeout_offset,
                      "Seconds kept from Prometheus' scrape timeout (X-Prometheus-Scrape-Timeout-Seconds) "
                      "to answer in: the run's deadline is the rest")
    ->check(CLI::Range(0.0, 60.0))->capture_default_str();
  command->add_option("--scrape-timeout", serve.scrape_timeout,
                      "Seconds a /probe request may take when it gives no scrape timeout (curl)")
    ->check(CLI::Range(1.0, 3600.0))->capture_default_str();
  command->add_option("--max-connections", serve.max_connections, "HTTP connections at once; more are refused")
    ->check(CLI::Range(1, 4096))->capture_default_str();
  command->footer(
    "\nPages: /probe?agent=NAME[&agent=NAME] (Prometheus metrics of one check of those agents with "
    "these\noptions; no agent: --agent, else every agent; debug=true adds the text report), "
    "/metrics (the\nexporter itself), / (links and recent runs), /-/healthy.\n"
    "\nScrapes of the same agents share one run: one in progress, or one that finished within "
    "--min-interval.\nA run ends before the scrape's timeout less --timeout-offset; what had not "
    "finished is not-run.\nMetrics: emready_probe_success, emready_probe_duration_seconds, "
    "emready_agent_ready{agent},\nemready_endpoint_up{agent,host,port}, "
    "emready_endpoint_verdict{agent,host,port,verdict,layer},\n"
    "emready_endpoint_phase_duration_seconds{...,phase}, "
    "emready_endpoint_cert_not_after_timestamp_seconds,\nemready_endpoint_tls_intercepted{...,issuer,product} "
    "(docs/prometheus.md).\n"
    "\nExit codes: 0 stopped by SIGTERM or SIGINT, 2 bad input (options, --listen taken), 3 this "
    "machine's limits.\n"
    "\nExamples:\n"
    "  emready serve\n"
    "  emready serve --listen 127.0.0.1:9816 --proxy http://proxy.example.net:3128\n"
    "  emready serve --listen [::]:9816 --min-interval 1m   # every interface: written out\n"
    "  curl 'http://127.0.0.1:9816/probe?agent=cca&debug=true'\n");
  command->callback([&] { context.exit_code = run_serve(check, serve, context); });
}

} // namespace emready::cli
