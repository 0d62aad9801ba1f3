#!/usr/bin/env python3
"""Benchmark of `emready serve` against the bundled lab (cca's nine endpoints, healthy), on
loopback only, side by side in one run:

  * `emready check --agent cca` (a process per check) against a fresh /probe run (the same
    check in the running exporter), median of RUNS each;
  * one scrape against 8 concurrent scrapes that share the run (--min-interval 0);
  * answers from a recent run (--min-interval 60s): REQUESTS scrapes, 8 at a time, per second
    with p50 and p99 latency, and the exporter's RSS before and after.

  bench_serve.py EMREADY [RUNS] [REQUESTS]

Figures come from release builds; ctest runs a small smoke.
"""
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import exporter  # noqa: E402
import lab  # noqa: E402

EMREADY = os.path.abspath(sys.argv[1])
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 9
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
BASE = 24000 + (os.getpid() % 2000) * 2


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def scrape(url):
    start = time.perf_counter()
    status, _, body = exporter.get(url, {"X-Prometheus-Scrape-Timeout-Seconds": "10"})
    if status != 200 or "emready_probe_success 1" not in body:
        raise SystemExit(f"bench_serve: a scrape failed: {status} {body[:300]}")
    return time.perf_counter() - start


def concurrently(count, fn):
    times = [None] * count
    threads = [threading.Thread(target=lambda k=k: times.__setitem__(k, fn())) for k in range(count)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, times


scenario = {"agents": ["cca"], "address_base": "127.91.0.0", "port_map": {443: BASE, 8883: BASE + 1}}
with lab.serve(EMREADY, scenario) as ready:
    options = exporter.lab_check_options(ready, "127.91.0.0/16")
    checks = []
    for _ in range(RUNS):
        start = time.perf_counter()
        proc = subprocess.run([EMREADY, "check", "--agent", "cca", *options], capture_output=True, text=True)
        checks.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"bench_serve: check failed: {proc.stdout[-500:]}{proc.stderr[-500:]}")
    with exporter.serve(EMREADY, options + ["--min-interval", "0"]) as fresh:
        url = fresh["base"] + "/probe?agent=cca"
        scrape(url)  # warm: the first run loads the trust store's pages
        runs = [scrape(url) for _ in range(RUNS)]
        shared_wall, _ = concurrently(8, lambda: scrape(url))
    with exporter.serve(EMREADY, options + ["--min-interval", "60s"]) as cached:
        url = cached["base"] + "/probe?agent=cca"
        scrape(url)
        pid = cached["process"].pid
        rss_before = rss_mib(pid)
        per_thread = REQUESTS // 8
        wall, lists = concurrently(8, lambda: [scrape(url) for _ in range(per_thread)])
        latencies = sorted(t for times in lists for t in times)
        rss_after = rss_mib(pid)

ms = lambda s: s * 1000  # noqa: E731
print(f"emready check --agent cca (a process):  median {ms(statistics.median(checks)):.1f} ms of {RUNS}")
print(f"/probe?agent=cca, a run per scrape:     median {ms(statistics.median(runs)):.1f} ms of {RUNS}")
print(f"8 concurrent scrapes sharing a run:     {ms(shared_wall):.1f} ms in all")
print(f"{len(latencies)} scrapes of a recent run, 8 at a time: {len(latencies) / wall:.0f}/s, "
      f"p50 {ms(latencies[len(latencies) // 2]):.2f} ms, p99 {ms(latencies[int(len(latencies) * 0.99)]):.2f} ms; "
      f"exporter RSS {rss_before:.1f} -> {rss_after:.1f} MiB")
