#!/usr/bin/env python3
"""`check --every` (issue 12, section 5): repeated checks against the lab, each run's JSON
under --history, the first report in full, then only what changed — here the lab is stopped
after the first runs, so every endpoint newly fails — and a clean exit on SIGTERM (0, after
the run in progress) or after --runs."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
BASE = 32000 + (os.getpid() % 2000) * 2
HISTORY = tempfile.mkdtemp()
RESULT = {}

scenario = {"agents": ["cca"], "address_base": "127.87.0.0", "port_map": {443: BASE, 8883: BASE + 1}}
CA = os.path.join(HISTORY, "..", os.path.basename(HISTORY) + "-ca.pem")  # outlives the lab's directory
with lab.serve(EMREADY, scenario) as ready:
    with open(ready["ca_file"]) as src, open(CA, "w") as dst:
        dst.write(src.read())
    args = [EMREADY, "check", "--agent", "cca", "--ca-file", CA, "--dns-server", ready["dns"],
            "--port-map", ready["port_map"], "--no-proxy", "--accept-range", "127.87.0.0/16", "--every", "1s",
            "--history", HISTORY, "--dns-timeout", "1", "--tcp-timeout", "1", "--tls-timeout", "1"]
    out_file = tempfile.NamedTemporaryFile("w+")
    proc = subprocess.Popen(args, stdout=out_file, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len([f for f in os.listdir(HISTORY) if "-run" in f]) < 2:
        time.sleep(0.1)
# The lab is gone: the next run fails everywhere, and says so.
deadline = time.monotonic() + 60
while time.monotonic() < deadline and "(not ready) ==" not in open(out_file.name).read():
    time.sleep(0.1)
started = time.monotonic()
proc.send_signal(signal.SIGTERM)
_, RESULT["err"] = proc.communicate(timeout=60)
RESULT["out"] = open(out_file.name).read()
RESULT["stopped_in"] = time.monotonic() - started
RESULT["code"] = proc.returncode
RESULT["files"] = sorted(os.listdir(HISTORY))


@case
def each_run_is_kept_as_json_with_a_latest():
    runs = [f for f in RESULT["files"] if "-run" in f]
    check(len(runs) >= 3 and "latest.json" in RESULT["files"], RESULT["files"])
    with open(os.path.join(HISTORY, runs[0])) as f:
        first = json.load(f)
    with open(os.path.join(HISTORY, "latest.json")) as f:
        latest = json.load(f)
    check(first["document"] == "check" and all(e["verdict"] == "ok" for e in first["endpoints"]),
          [e["verdict"] for e in first["endpoints"]])
    check(all(e["verdict"] != "ok" for e in latest["endpoints"]), [e["verdict"] for e in latest["endpoints"]])


@case
def the_first_report_is_full_then_only_changes():
    out = RESULT["out"]
    check(out.count("Readiness:") == 1, out[:3000])
    check("no change (9 endpoints as before)" in out or "run 2 (ready): no change" in out, out[-3000:])
    check("(not ready) ==" in out and "newly-failing" in out and "ready -> NOT READY" in out,
          out[-3000:] + RESULT["err"])


@case
def sigterm_ends_it_cleanly():
    check(RESULT["code"] == 0 and "SIGTERM received: stopping after" in RESULT["err"],
          f"exit {RESULT['code']}: {RESULT['err'][-500:]}")
    check(RESULT["stopped_in"] < 10, f"stopped {RESULT['stopped_in']:.1f} s after SIGTERM")


@case
def runs_stops_after_n_and_keeps_the_exit_code():
    history = tempfile.mkdtemp()
    proc = subprocess.run([EMREADY, "check", "--agent", "cca", "--dns-server", "127.0.0.1:9", "--no-proxy",
                           "--dns-timeout", "0.2", "--every", "1s", "--runs", "2", "--history", history],
                          capture_output=True, text=True, timeout=60)
    check(proc.returncode == 1 and len([f for f in os.listdir(history) if "-run" in f]) == 2,
          f"exit {proc.returncode}: {os.listdir(history)} {proc.stderr[-300:]}")
    rc, _, err = harness.run("check", "--every", "5x")
    check(rc == 2 and "not a duration" in err, err)


harness.finish()
