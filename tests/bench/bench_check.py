#!/usr/bin/env python3
"""Benchmarks of `emready check` against the bundled lab backend, on loopback only.

  bench_check.py EMREADY drop [N] [TIMEOUT_S]
      N endpoints whose SYNs are silently dropped: the run should take about one TCP timeout,
      not N of them. Prints the wall time and its ratio to N x timeout.
  bench_check.py EMREADY probes [N ...]
      N healthy TLS endpoints (one host each): prints probes per second and emready's peak RSS,
      next to the handshake rate `openssl s_time` gets from the same backend in the same run.

Figures come from release builds; ctest runs a small smoke of each.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import lab  # noqa: E402  (tests/e2e/lab.py: starts and stops `emready lab serve`)

EMREADY = sys.argv[1]
PORT_BASE = 20000 + (os.getpid() % 5000) * 2


def bench_profile(directory, agent, count):
    """A profile with `count` hosts on port 443, written to `directory`."""
    lines = [f"agent: {agent}", f"title: benchmark ({count} hosts)", "endpoints:"]
    for i in range(count):
        lines.append(f"  - host: h{i}.{agent}.bench.emready.test")
        lines.append("    ports: [443]")
    with open(os.path.join(directory, f"{agent}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return [f"h{i}.{agent}.bench.emready.test" for i in range(count)]


def run_check(ready, agent, profiles, *extra):
    """Runs emready check against the lab; returns (seconds, peak RSS in MiB, JSON, CPU s)."""
    args = [EMREADY, "--profiles", profiles, "check", "--agent", agent, "--format", "json",
            "--dns-server", ready["dns"], "--ca-file", ready["ca_file"],
            "--accept-range", "127.0.0.0/8", "--port-map", ready["port_map"], *extra]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage: its peak RSS
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"emready check failed ({proc.returncode}): {err.read().decode()[:2000]}")
        return seconds, usage.ru_maxrss / 1024, json.load(out), usage.ru_utime + usage.ru_stime


def drop(count, timeout):
    agent = "bench-drop"
    with tempfile.TemporaryDirectory() as profiles:
        hosts = bench_profile(profiles, agent, count)
        scenario = {"agents": [agent], "address_base": "127.40.0.0",
                    "port_map": {443: PORT_BASE}, "hosts": {h: {"tls": "drop"} for h in hosts}}
        with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
            seconds, _, report, _ = run_check(ready, agent, profiles, "--tcp-timeout", str(timeout))
    verdicts = {e["verdict"] for e in report["endpoints"]}
    serial = count * timeout
    print(f"drop: {count} silently dropped endpoints, tcp timeout {timeout:g} s: "
          f"{seconds:.2f} s wall, {serial:g} s if serial, ratio {seconds / serial:.3f}; "
          f"verdicts {sorted(verdicts)}")
    if verdicts != {"tcp-timeout"} or seconds > 3 * timeout + 2:
        raise SystemExit("drop benchmark: unexpected verdicts or wall time")


def s_time(ready, host, seconds=5):
    """Handshakes per second of wall time one `openssl s_time -new` gets from one lab endpoint
    (its own "connections in Xs" counts X in user CPU seconds, not wall time)."""
    address = ready["hosts"][host]
    start = time.monotonic()
    proc = subprocess.run(["openssl", "s_time", "-connect", f"{address}:{PORT_BASE + 1}",
                           "-new", "-time", str(seconds)], capture_output=True, text=True,
                          timeout=seconds + 30)
    wall = time.monotonic() - start
    match = re.search(r"(\d+) connections in \d+ real seconds", proc.stdout)
    if not match:
        return float("nan")
    return int(match.group(1)) / wall


def probes(counts):
    for count in counts:
        agent = f"bench-ok{count}"
        with tempfile.TemporaryDirectory() as profiles:
            hosts = bench_profile(profiles, agent, count)
            scenario = {"agents": [agent], "address_base": "127.50.0.0",
                        "port_map": {443: PORT_BASE + 1}}
            with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
                seconds, rss, report, cpu = run_check(ready, agent, profiles)
                rate = s_time(ready, hosts[0])
        ok = sum(1 for e in report["endpoints"] if e["verdict"] == "ok")
        print(f"probes: {count} endpoints, {ok} ok, {seconds:.2f} s wall, "
              f"{count / seconds:.0f} probes/s (DNS + TCP + TLS each), emready CPU {cpu:.2f} s, "
              f"peak RSS {rss:.1f} MiB; "
              f"openssl s_time on the same backend: {rate:.0f} handshakes/s")
        if ok != count:
            verdicts = {}
            for e in report["endpoints"]:
                verdicts.setdefault(e["verdict"], []).append(e["evidence"][:1])
            for verdict, evidence in verdicts.items():
                print(f"  {verdict}: {len(evidence)}, e.g. {evidence[0]}")
            raise SystemExit("probe benchmark: not every endpoint was ok")


if __name__ == "__main__":
    mode = sys.argv[2] if len(sys.argv) > 2 else "probes"
    if mode == "drop":
        drop(int(sys.argv[3]) if len(sys.argv) > 3 else 40,
             float(sys.argv[4]) if len(sys.argv) > 4 else 5.0)
    else:
        probes([int(n) for n in sys.argv[3:]] or [1000, 10000])
