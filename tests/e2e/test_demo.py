#!/usr/bin/env python3
"""`emready demo` (issue 12, section 6): the bundled lab with a broken site, checked and
stopped, offline. As root it runs in a private network namespace; as an ordinary user on
loopback with port maps (tried as 'nobody' when runuser exists). Every planted fault comes
back as its verdict, the run takes seconds, exits 0, and leaves no lab or temporary files."""
import glob
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import harness  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
EXPECTED = {"ok", "dns-sinkhole", "tcp-timeout", "tls-untrusted", "tls-expired", "proxy-denied"}


def demo(prefix=()):
    before = set(glob.glob("/tmp/emready-demo-*"))
    start = time.monotonic()
    proc = subprocess.run([*prefix, EMREADY, "demo", "--format", "json"], capture_output=True, text=True, timeout=120)
    wall = time.monotonic() - start
    left = set(glob.glob("/tmp/emready-demo-*")) - before
    return proc, wall, left


def verdicts(proc):
    return {e["verdict"]: e["host"] for e in json.loads(proc.stdout)["endpoints"]}


@case
def the_demo_shows_every_planted_fault():
    proc, wall, left = demo()
    check(proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-500:]}")
    seen = verdicts(proc)
    check(EXPECTED <= set(seen), f"verdicts {sorted(seen)}")
    check(seen["proxy-denied"] == "camapi-ec1.srv.ygles.com" and seen["dns-sinkhole"] == "rgt.srv.ygles.com", seen)
    where = "private network namespace" if os.geteuid() == 0 else "on loopback"
    check(where in proc.stderr and "To check this network: emready check" in proc.stderr, proc.stderr)
    check(wall < 30 and not left, f"{wall:.1f} s, left behind: {left}")
    print(f"demo ({where}): {len(seen)} kinds of verdict in {wall:.1f} s")


@case
def as_an_ordinary_user_it_runs_on_loopback():
    if os.geteuid() != 0 or not shutil.which("runuser"):
        print("skip: needs root to become 'nobody'")
        return
    proc, wall, left = demo(("runuser", "-u", "nobody", "--"))
    check(proc.returncode == 0 and "on loopback, with port maps" in proc.stderr, f"exit {proc.returncode}: {proc.stderr[-500:]}")
    check(EXPECTED <= set(verdicts(proc)), sorted(verdicts(proc)))
    check(wall < 30 and not left, f"{wall:.1f} s, left behind: {left}")


@case
def the_html_report_is_written_when_asked():
    out = f"/tmp/emready-demo-test-{os.getpid()}.html"
    try:
        proc = subprocess.run([EMREADY, "demo", "--format", "html", "-o", out], capture_output=True, text=True,
                              timeout=120)
        with open(out) as f:
            html = f.read()
        check(proc.returncode == 0 and "<html" in html and "dns-sinkhole" in html, proc.stderr[-300:])
    finally:
        if os.path.exists(out):
            os.remove(out)


harness.finish()
