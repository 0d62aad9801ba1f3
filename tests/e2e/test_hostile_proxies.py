#!/usr/bin/env python3
"""Hostile proxies (issue 11, section 3): the lab's CONNECT proxy never answers, trickles
header lines after its "200" forever, sends a 10 MiB header, or answers 200 and then sends
1 MiB of random bytes instead of the tunnel. Each check through it must end within its phase
limit (wall time measured) and bounded memory (peak RSS next to a run through a healthy lab
proxy with the same binary), and its verdict must name the real cause: the proxy broke HTTP
(`proxy-protocol-error`), not SNI filtering, not a TLS fault of the server, and no allow rule.
The silent proxy cannot be told from one still connecting beyond it: `tcp-timeout`, marked
beyond the proxy, whose evidence says both."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
DOMAIN = "proxied.emready.test"
BASE = 28000 + (os.getpid() % 2000) * 2
FAULTS = ["none", "silent", "trickle-header", "huge-header", "garbage"]
TCP_TIMEOUT = 2
TLS_TIMEOUT = 3
RUNS = {}

with tempfile.TemporaryDirectory() as profiles:
    with open(os.path.join(profiles, "proxied.yaml"), "w") as f:
        f.write(f"agent: proxied\ntitle: behind a hostile proxy\nendpoints:\n  - host: www.{DOMAIN}\n"
                "    ports: [443]\n")
    for fault in FAULTS:
        scenario = {"agents": ["proxied"], "address_base": "127.81.0.0", "port_map": {443: BASE},
                    "proxy": {"port": 0, "fault": fault, "delay_ms": 250}}
        with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
            proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", EMREADY, "--profiles", profiles, "check",
                                   "--agent", "proxied", "--format", "json", "--ca-file", ready["ca_file"],
                                   "--proxy", ready["proxy"], "--port-map", ready["port_map"],
                                   "--tcp-timeout", str(TCP_TIMEOUT), "--tls-timeout", str(TLS_TIMEOUT)],
                                  capture_output=True, text=True, timeout=120)
        wall, rss_kb = proc.stderr.strip().splitlines()[-1].split()
        report = json.loads(proc.stdout)
        RUNS[fault] = {"code": proc.returncode, "wall": float(wall), "rss_mb": int(rss_kb) / 1024,
                       "report": report, "endpoint": report["endpoints"][0],
                       "evidence": " ".join(report["endpoints"][0]["evidence"])}
        print(f"proxy fault {fault}: {RUNS[fault]['endpoint']['verdict']} in {float(wall):.2f} s, "
              f"peak RSS {RUNS[fault]['rss_mb']:.0f} MiB")


def run(fault):
    return RUNS[fault]


@case
def a_healthy_proxy_tunnels():
    check(run("none")["endpoint"]["verdict"] == "ok" and run("none")["code"] == 0, run("none")["endpoint"])


@case
def every_fault_ends_within_its_limits_in_bounded_memory():
    calm = run("none")["rss_mb"]
    for fault in FAULTS[1:]:
        check(run(fault)["wall"] < TCP_TIMEOUT + TLS_TIMEOUT + 3, f"{fault}: {run(fault)['wall']} s")
        check(run(fault)["rss_mb"] < calm + max(32, calm / 4),
              f"{fault}: peak RSS {run(fault)['rss_mb']:.0f} MiB against {calm:.0f} MiB through a healthy proxy")
        check(run(fault)["code"] == 1, f"{fault}: exit {run(fault)['code']}")


@case
def trickled_headers_after_200_are_a_protocol_error_not_sni_filtering():
    found = run("trickle-header")
    check(found["endpoint"]["verdict"] == "proxy-protocol-error" and "never ended it" in found["evidence"] and
          "SNI" not in found["evidence"], f"{found['endpoint']['verdict']}: {found['evidence']}")


@case
def a_10_mib_header_is_a_protocol_error():
    found = run("huge-header")
    check(found["endpoint"]["verdict"] == "proxy-protocol-error" and "larger than clients accept" in
          found["evidence"], f"{found['endpoint']['verdict']}: {found['evidence']}")


@case
def garbage_after_200_is_the_proxy_not_the_server():
    found = run("garbage")
    check(found["endpoint"]["verdict"] == "proxy-protocol-error" and "not TLS" in found["evidence"],
          f"{found['endpoint']['verdict']}: {found['evidence']}")


@case
def a_silent_proxy_times_out_beyond_it_and_says_it_may_answer_nothing():
    found = run("silent")
    check(found["endpoint"]["verdict"] == "tcp-timeout" and "answers nothing at all" in found["evidence"],
          f"{found['endpoint']['verdict']}: {found['evidence']}")


@case
def no_allow_rule_and_the_proxy_software_is_named():
    for fault in ["trickle-header", "huge-header", "garbage"]:
        report = run(fault)["report"]
        check(DOMAIN not in json.dumps(report["missing_rules"]), f"{fault}: {report['missing_rules']}")
        places = [r["place"] for r in report["remedies"]]
        check(places == ["proxy-software"], f"{fault}: {places}")


harness.finish()
