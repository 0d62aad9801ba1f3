#!/usr/bin/env python3
"""`emready serve` (issue 12, section 4) against the lab: /probe's metrics follow the
verdicts (a refused, an intercepted and a dropped endpoint; a ready agent), in a format
promtool accepts; concurrent scrapes share one run and a recent run is answered again; the
scrape's timeout caps the run; bad requests get 400 with a reason; --listen never binds a
non-loopback address it was not given, and a taken port is a clear error; SIGTERM stops it.
The real Prometheus scrape is test_serve_prometheus.py."""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exporter  # noqa: E402
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
BASE = 36000 + (os.getpid() % 2000) * 2
REFUSED = "rgt.srv.ygles.com"
INTERCEPTED = "camapi.srv.ygles.com"
DROPPED = "kinesis.eu-central-1.amazonaws.com"
HEALTHY = "hbp-ec1l.srv.ygles.com"
R = {}


def sample(body, name, **labels):
    """The value of the one sample of `name` whose labels include `labels`, or None."""
    found = []
    for line in body.splitlines():
        match = re.match(r"^([a-z_]+)(\{(.*)\})? (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        have = dict(re.findall(r'([a-z_]+)="((?:[^"\\]|\\.)*)"', match.group(3) or ""))
        if all(have.get(k) == v for k, v in labels.items()):
            found.append(float(match.group(4)))
    if len(found) > 1:
        raise AssertionError(f"{len(found)} samples of {name} {labels}")
    return found[0] if found else None


def promtool(body):
    proc = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


with tempfile.TemporaryDirectory() as profiles:
    with open(os.path.join(profiles, "healthy.yaml"), "w") as f:
        f.write("agent: healthy\ntitle: one healthy host\nendpoints:\n  - host: www.healthy.emready.test\n"
                "    ports: [443]\n")
    scenario = {"agents": ["cca", "healthy"], "address_base": "127.89.0.0",
                "port_map": {443: BASE, 8883: BASE + 1},
                "hosts": {REFUSED: {"tls": "refuse"}, INTERCEPTED: {"tls": "inspection"}, DROPPED: {"tls": "drop"}}}
    with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
        lab_options = exporter.lab_check_options(ready, "127.89.0.0/16")
        # Instance A: the defaults (runs shared for 10 s).
        with exporter.serve(EMREADY, lab_options, extra_global=["--profiles", profiles]) as a:
            url = a["base"]
            start = time.monotonic()
            R["cca"] = exporter.get(url + "/probe?agent=cca", {"X-Prometheus-Scrape-Timeout-Seconds": "10"})
            R["cca_seconds"] = time.monotonic() - start
            R["again"] = exporter.get(url + "/probe?agent=cca")
            R["healthy"] = exporter.get(url + "/probe?agent=healthy")
            R["debug"] = exporter.get(url + "/probe?agent=healthy&debug=true")
            R["both"] = exporter.get(url + "/probe?agent=healthy,cca")
            R["bad"] = {what: exporter.get(url + path, headers) for what, path, headers in [
                ("parameter", "/probe?agnt=cca", {}),
                ("agent", "/probe?agent=cc", {}),
                ("debug", "/probe?agent=cca&debug=maybe", {}),
                ("timeout", "/probe?agent=cca", {"X-Prometheus-Scrape-Timeout-Seconds": "soon"}),
                ("path", "/nope", {})]}
            R["post"] = exporter.get(url + "/probe?agent=cca", method="POST")
            R["index"] = exporter.get(url + "/")
            R["metrics_a"] = exporter.get(url + "/metrics")
        R["a"] = a
        # Instance B: a run per scrape, a slow drop (TCP timeout 3 s): scrapes that overlap share.
        with exporter.serve(EMREADY, lab_options + ["--tcp-timeout", "3", "--min-interval", "0"],
                            extra_global=["--profiles", profiles]) as b:
            url = b["base"]
            answers = [None] * 8

            def scrape(k):
                answers[k] = exporter.get(url + "/probe?agent=cca", {"X-Prometheus-Scrape-Timeout-Seconds": "10"})

            threads = [threading.Thread(target=scrape, args=(k,)) for k in range(len(answers))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            R["concurrent"] = answers
            R["metrics_b"] = exporter.get(url + "/metrics")[2]
            start = time.monotonic()
            R["capped"] = exporter.get(url + "/probe?agent=cca", {"X-Prometheus-Scrape-Timeout-Seconds": "1.5"})
            R["capped_seconds"] = time.monotonic() - start
            # Hostile clients: a 100 KiB request head, then more idle connections than the limit.
            host, port = url[len("http://"):].split(":")
            with socket.create_connection((host, int(port)), timeout=10) as big:
                big.sendall(b"GET /probe HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n")
                R["big"] = big.recv(100).split(b"\r\n", 1)[0].decode()
            idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(70)]
            try:
                exporter.get(url + "/-/healthy", timeout=5)
                R["while_idle"] = "served"
            except OSError as error:
                R["while_idle"] = f"refused: {error}"
            start = time.monotonic()
            R["after_idle"] = None
            while time.monotonic() - start < 30 and R["after_idle"] is None:
                try:
                    if exporter.get(url + "/-/healthy", timeout=5)[0] == 200:
                        R["after_idle"] = time.monotonic() - start
                except OSError:
                    time.sleep(0.5)
            for s in idle:
                s.close()
            b["process"].send_signal(signal.SIGTERM)
            b["process"].wait(timeout=20)
        R["b"] = b

# --listen: a port alone is loopback; a written-out wildcard works (in a private network
# namespace, so nothing is exposed) and is warned about; a taken port and a name are errors.
R["port_only"] = subprocess.run(["timeout", "-s", "TERM", "2", EMREADY, "serve", "--listen", "0"],
                                capture_output=True, text=True)
R["wildcard"] = subprocess.run(["unshare", "-rn", "timeout", "-s", "TERM", "2", EMREADY, "serve", "--listen",
                                "0.0.0.0:0"], capture_output=True, text=True)
with socket.socket() as taken:
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    R["taken"] = subprocess.run([EMREADY, "serve", "--listen", f"127.0.0.1:{taken.getsockname()[1]}"],
                                capture_output=True, text=True, timeout=30)
R["name"] = subprocess.run([EMREADY, "serve", "--listen", "example.net:9816"], capture_output=True, text=True,
                           timeout=30)


@case
def probe_metrics_follow_the_verdicts():
    status, headers, body = R["cca"]
    check(status == 200 and headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"),
          (status, headers))
    up = {host: sample(body, "emready_endpoint_up", agent="cca", host=host, port="443")
          for host in (REFUSED, INTERCEPTED, DROPPED, HEALTHY)}
    check(up == {REFUSED: 0, INTERCEPTED: 0, DROPPED: 0, HEALTHY: 1}, up)
    check(sample(body, "emready_endpoint_verdict", host=REFUSED, verdict="tcp-refused", layer="tcp") == 1, body[:3000])
    check(sample(body, "emready_endpoint_verdict", host=DROPPED, verdict="tcp-timeout") == 1, body[:3000])
    check(sample(body, "emready_endpoint_verdict", host=HEALTHY, verdict="ok") == 1, body[:3000])
    check(sample(body, "emready_endpoint_tls_intercepted", host=INTERCEPTED, product="Palo Alto Networks") == 1,
          body[-3000:])
    check(sample(body, "emready_endpoint_tls_intercepted", host=HEALTHY, issuer="CN=emready lab root CA,O=emready lab")
          == 0, body[-3000:])
    check(sample(body, "emready_agent_ready", agent="cca") == 0 and sample(body, "emready_probe_success") == 0, body[:800])
    expiry = sample(body, "emready_endpoint_cert_not_after_timestamp_seconds", host=HEALTHY)
    check(expiry is not None and time.time() < expiry < time.time() + 3 * 366 * 86400, expiry)
    check(sample(body, "emready_endpoint_phase_duration_seconds", host=HEALTHY, phase="tls") > 0, body[:3000])


@case
def a_ready_agent_is_a_successful_probe():
    _, _, body = R["healthy"]
    check(sample(body, "emready_probe_success") == 1 and sample(body, "emready_agent_ready", agent="healthy") == 1,
          body[:1500])
    _, _, both = R["both"]
    check(sample(both, "emready_probe_success") == 0 and sample(both, "emready_agent_ready", agent="healthy") == 1
          and sample(both, "emready_agent_ready", agent="cca") == 0, both[:1500])


@case
def promtool_accepts_the_exposition():
    for what in ("cca", "healthy", "metrics_a"):
        code, said = promtool(R[what][2])
        check(code == 0, f"{what}: {said}")


@case
def a_recent_run_is_answered_again():
    first = sample(R["cca"][2], "emready_probe_run_timestamp_seconds")
    again = sample(R["again"][2], "emready_probe_run_timestamp_seconds")
    check(first is not None and first == again, (first, again))
    metrics = R["metrics_a"][2]
    check(sample(metrics, "emready_exporter_probes_shared_total") >= 1, metrics[:2000])


@case
def concurrent_scrapes_share_one_run():
    stamps = {sample(body, "emready_probe_run_timestamp_seconds") for _, _, body in R["concurrent"]}
    check(len(stamps) == 1, stamps)
    runs = sample(R["metrics_b"], "emready_exporter_runs_total", result="ok")
    shared = sample(R["metrics_b"], "emready_exporter_probes_shared_total")
    check(runs == 1 and shared == 7, f"{runs} runs, {shared} shared for 8 concurrent scrapes")


@case
def the_scrape_timeout_caps_the_run():
    status, _, body = R["capped"]
    # 1.5 s less the 0.5 s offset: the dropped endpoint (a 3 s TCP timeout) is cut at 1 s.
    check(status == 200 and R["capped_seconds"] < 1.5, f"{status} after {R['capped_seconds']:.2f} s")
    check(sample(body, "emready_endpoint_verdict", host=DROPPED, verdict="not-run") == 1, body[:3000])
    check(sample(body, "emready_endpoint_up", host=HEALTHY, port="443") == 1, body[:3000])


@case
def bad_requests_get_400_with_a_reason():
    bad = R["bad"]
    check(bad["parameter"][0] == 400 and "did you mean 'agent'" in bad["parameter"][2], bad["parameter"])
    check(bad["agent"][0] == 400 and "unknown agent 'cc'" in bad["agent"][2], bad["agent"])
    check(bad["debug"][0] == 400 and "debug 'maybe'" in bad["debug"][2], bad["debug"])
    check(bad["timeout"][0] == 400 and "X-Prometheus-Scrape-Timeout-Seconds 'soon'" in bad["timeout"][2], bad["timeout"])
    check(bad["path"][0] == 404, bad["path"])
    check(R["post"][0] == 405 and R["post"][1].get("Allow") == "GET, HEAD", R["post"])
    check(sample(R["metrics_a"][2], "emready_exporter_requests_total", path="/probe", code="400") == 4,
          R["metrics_a"][2][:2000])


@case
def debug_and_index_pages_help_the_admin():
    status, headers, body = R["debug"]
    check(status == 200 and "Readiness" in body and "emready_probe_success 1" in body, body[:1500])
    status, headers, body = R["index"]
    check(status == 200 and headers.get("Content-Type", "").startswith("text/html")
          and 'href="/metrics"' in body and "/probe?agent=cca" in body, body[:1500])


@case
def readiness_changes_are_logged_and_sigterm_stops_it():
    check("cca: cca NOT READY: 3 required hosts failing" in R["a"]["stderr"] and REFUSED in R["a"]["stderr"]
          and "healthy: healthy ready" in R["a"]["stderr"], R["a"]["stderr"][-2000:])
    check(R["b"]["code"] == 0 and "SIGTERM" in R["b"]["stderr"], (R["b"]["code"], R["b"]["stderr"][-1000:]))


@case
def hostile_clients_are_bounded_and_the_log_is_not_flooded():
    check(R["big"] == "HTTP/1.1 431 Request Header Fields Too Large", R["big"])
    check(R["while_idle"].startswith("refused"), R["while_idle"])
    # Idle connections are closed after 10 s: the exporter serves again.
    check(R["after_idle"] is not None and R["after_idle"] < 15, R["after_idle"])
    said = R["b"]["stderr"].count("connection limit")
    check(1 <= said <= 3, f"the connection limit said {said} times: {R['b']['stderr'][-1500:]}")


@case
def listen_takes_only_the_addresses_it_is_given():
    check("listening on http://127.0.0.1:" in R["port_only"].stderr and "warning" not in R["port_only"].stderr,
          R["port_only"].stderr)
    check("listening on http://0.0.0.0:" in R["wildcard"].stderr and "not a loopback address" in R["wildcard"].stderr,
          R["wildcard"].stderr)
    check(R["taken"].returncode == 2 and "Address already in use" in R["taken"].stderr, R["taken"].stderr)
    check(R["name"].returncode == 2 and "'example.net' is not an IP address" in R["name"].stderr, R["name"].stderr)


harness.finish()
