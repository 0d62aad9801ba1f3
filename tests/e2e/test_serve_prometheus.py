#!/usr/bin/env python3
"""A real Prometheus (Debian's) scrapes `emready serve` (issue 12, section 4): the test starts
the lab (one endpoint refused, one intercepted, the rest healthy), the exporter and
Prometheus (scrape interval 1 s, the config written here, the example alerting rules
loaded), waits for scrapes, and asks Prometheus' HTTP API what it stored: emready_endpoint_up
is 0 for the faulted endpoints and 1 for a healthy one, both jobs are up, and the alerts are
pending. The rules themselves are checked and unit-tested with promtool."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exporter  # noqa: E402
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ALERTS = os.path.join(ROOT, "packaging", "prometheus", "alerts.yml")
BASE = 38000 + (os.getpid() % 2000) * 2
REFUSED = "rgt.srv.ygles.com"
INTERCEPTED = "camapi.srv.ygles.com"
HEALTHY = "hbp-ec1l.srv.ygles.com"
R = {}


def free_port():
    """A loopback port free now (Prometheus cannot say which port 0 gave it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query(api, expression):
    """{labels as a sorted tuple: value} of an instant query."""
    status, _, body = exporter.get(f"{api}/api/v1/query?query={urllib.parse.quote(expression)}", timeout=10)
    if status != 200:
        raise AssertionError(f"query {expression}: {status} {body[:500]}")
    result = json.loads(body)["data"]["result"]
    return {tuple(sorted(r["metric"].items())): float(r["value"][1]) for r in result}


def values(api, expression):
    return sorted(query(api, expression).values())


R["check_rules"] = subprocess.run(["promtool", "check", "rules", ALERTS], capture_output=True, text=True)
R["test_rules"] = subprocess.run(["promtool", "test", "rules",
                                  os.path.join(ROOT, "tests", "data", "prometheus", "alerts_test.yml")],
                                 capture_output=True, text=True)

scenario = {"agents": ["cca"], "address_base": "127.90.0.0", "port_map": {443: BASE, 8883: BASE + 1},
            "hosts": {REFUSED: {"tls": "refuse"}, INTERCEPTED: {"tls": "inspection"}}}
with lab.serve(EMREADY, scenario) as ready, tempfile.TemporaryDirectory() as tmp:
    with exporter.serve(EMREADY, exporter.lab_check_options(ready, "127.90.0.0/16") + ["--agent", "cca"]) as served:
        target = served["base"].split("//", 1)[1]
        port = free_port()
        api = f"http://127.0.0.1:{port}"
        config = os.path.join(tmp, "prometheus.yml")
        with open(config, "w") as f:
            json.dump({  # JSON is YAML
                "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
                "rule_files": [ALERTS],
                "scrape_configs": [
                    {"job_name": "emready", "metrics_path": "/probe", "params": {"agent": ["cca"]},
                     "static_configs": [{"targets": [target]}]},
                    {"job_name": "emready_exporter", "static_configs": [{"targets": [target]}]}]}, f)
        log = open(os.path.join(tmp, "prometheus.log"), "w")
        prometheus = subprocess.Popen(["prometheus", f"--config.file={config}",
                                       f"--storage.tsdb.path={os.path.join(tmp, 'data')}",
                                       f"--web.listen-address=127.0.0.1:{port}"],
                                      stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if prometheus.poll() is not None:
                    raise AssertionError(f"prometheus exited {prometheus.returncode}: "
                                         f"{open(log.name).read()[-2000:]}")
                try:
                    if exporter.get(api + "/-/ready", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            # Scrapes, then stored samples for every endpoint asked about.
            R["up"] = {}
            while time.monotonic() < deadline:
                R["up"] = {host: values(api, f'emready_endpoint_up{{host="{host}",port="443"}}')
                           for host in (REFUSED, INTERCEPTED, HEALTHY)}
                R["alerts"] = json.loads(exporter.get(api + "/api/v1/alerts")[2])["data"]["alerts"]
                R["runs"] = values(api, 'emready_exporter_runs_total{result="ok"}')
                if all(R["up"].values()) and len(R["alerts"]) >= 3 and R["runs"] and R["runs"][0] >= 1:
                    break
                time.sleep(0.5)
            R["jobs"] = query(api, "up")
            R["success"] = values(api, 'emready_probe_success{job="emready"}')
            R["verdict"] = query(api, f'emready_endpoint_verdict{{host="{REFUSED}"}}')
            R["intercepted"] = query(api, f'emready_endpoint_tls_intercepted{{host="{INTERCEPTED}"}}')
            R["scrape"] = values(api, 'scrape_duration_seconds{job="emready"}')
            R["rules"] = json.loads(exporter.get(api + "/api/v1/rules")[2])["data"]["groups"]
        finally:
            lab.stop(prometheus, timeout=30)
            log.close()
            R["prometheus_log"] = open(log.name).read()
    R["exporter"] = served


@case
def the_example_rules_pass_promtool():
    check(R["check_rules"].returncode == 0 and "SUCCESS: 6 rules found" in R["check_rules"].stdout,
          R["check_rules"].stdout + R["check_rules"].stderr)
    check(R["test_rules"].returncode == 0, R["test_rules"].stdout + R["test_rules"].stderr)


@case
def prometheus_stores_up_0_for_faulted_and_1_for_healthy_endpoints():
    check(R["up"] == {REFUSED: [0.0], INTERCEPTED: [0.0], HEALTHY: [1.0]},
          f"{R['up']}\n{R['prometheus_log'][-1500:]}\n{R['exporter']['stderr'][-1500:]}")
    check(R["success"] == [0.0], R["success"])
    check([dict(k)["verdict"] for k in R["verdict"]] == ["tcp-refused"], R["verdict"])
    check([dict(k).get("product") for k, v in R["intercepted"].items() if v == 1] == ["Palo Alto Networks"],
          R["intercepted"])


@case
def both_jobs_are_up_within_the_scrape_timeout():
    jobs = {dict(k)["job"]: v for k, v in R["jobs"].items()}
    check(jobs == {"emready": 1.0, "emready_exporter": 1.0}, jobs)
    check(R["scrape"] and R["scrape"][0] < 1.0, R["scrape"])
    check(R["runs"] and R["runs"][0] >= 1, R["runs"])


@case
def prometheus_loads_the_rules_and_they_pend():
    names = {rule["name"] for group in R["rules"] for rule in group["rules"]}
    check({"EmreadyAgentNotReady", "EmreadyEndpointFailing", "EmreadyTlsIntercepted"} <= names, names)
    pending = {(a["labels"]["alertname"], a["labels"].get("host", a["labels"].get("agent"))) for a in R["alerts"]}
    check({("EmreadyAgentNotReady", "cca"), ("EmreadyEndpointFailing", REFUSED),
           ("EmreadyTlsIntercepted", INTERCEPTED)} <= pending, pending)


harness.finish()
