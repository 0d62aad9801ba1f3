#!/usr/bin/env python3
"""emready check through a real Squid (Debian's squid) that allows every eM host but cannot
reach some of them: each failure must be read as the far side's (reported by the proxy),
never as a denial, and no allow rule may be proposed for what the proxy allowed.

Runs itself inside a new network namespace (`unshare -n` as root, else `unshare -rn`): only
loopback exists there, so Squid cannot reach anything real. Squid resolves names from a hosts
file this test writes; an unlisted name fails in Squid's own resolver (no DNS server exists).
"""
import json
import os
import shutil
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
SQUID_PORT = 23128
HOSTS = {"refused.squid.emready.test": "127.0.0.9"}  # nothing listens there on 443
UNRESOLVABLE = "nowhere.squid.emready.test"     # not in Squid's hosts file

SQUID_CONF = """http_port 127.0.0.1:{port}
pid_filename {tmp}/squid.pid
cache_log {tmp}/cache.log
access_log none
cache deny all
cache_mem 8 MB
hosts_file {tmp}/hosts
dns_nameservers 127.0.0.1
dns_timeout 2 seconds
dns_retransmit_interval 1 seconds
connect_timeout 3 seconds
http_access allow all
coredump_dir {tmp}
shutdown_lifetime 0 seconds
"""


def write_profile(directory):
    names = list(HOSTS) + [UNRESOLVABLE]
    lines = ["agent: squid-site", "title: a site behind Squid", "endpoints:"]
    for name in names:
        lines += [f"  - host: {name}", "    ports: [443]"]
    with open(os.path.join(directory, "squid-site.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def wait_for_squid(deadline=30.0):
    """Squid is ready when it answers a CONNECT at the HTTP level."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            status, _, s = lab.proxy_connect(f"127.0.0.1:{SQUID_PORT}", "refused.squid.emready.test:443",
                                             timeout=5)
            s.close()
            if status:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("squid did not answer CONNECT in time")


def inner():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    tmp = tempfile.mkdtemp(prefix="emready-squid-")
    os.chmod(tmp, 0o755)
    squid = None
    try:
        with open(os.path.join(tmp, "hosts"), "w") as f:
            for name, address in HOSTS.items():
                f.write(f"{address} {name}\n")
        with open(os.path.join(tmp, "squid.conf"), "w") as f:
            f.write(SQUID_CONF.format(port=SQUID_PORT, tmp=tmp))
        if os.geteuid() == 0:
            shutil.chown(tmp, user="proxy")  # Squid started as root works as user proxy
        squid = subprocess.Popen(["squid", "-N", "-f", os.path.join(tmp, "squid.conf")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_squid()
        profiles = os.path.join(tmp, "profiles")
        os.makedirs(profiles)
        write_profile(profiles)
        proc = subprocess.run([EMREADY, "--profiles", profiles, "check", "--agent", "squid-site",
                               "--proxy", f"http://127.0.0.1:{SQUID_PORT}", "--format", "json",
                               "--dialect", "squid", "--tcp-timeout", "10"],
                              capture_output=True, text=True, timeout=120)
        print(json.dumps({"code": proc.returncode, "report": json.loads(proc.stdout)}))
    finally:
        if squid is not None:
            lab.stop(squid, timeout=15)
        shutil.rmtree(tmp, ignore_errors=True)


def run_in_namespace():
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    proc = subprocess.run(unshare + [sys.executable, os.path.abspath(__file__), EMREADY, "--inner"],
                          capture_output=True, text=True, timeout=180)
    check(proc.returncode == 0, f"inner run failed: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


if len(sys.argv) > 2 and sys.argv[2] == "--inner":
    inner()
    sys.exit(0)

if shutil.which("squid") is None:
    raise SystemExit("squid is needed (Debian package squid)")

RESULT = {}


@case
def squid_upstream_failures_are_the_far_side_not_denials():
    RESULT.update(run_in_namespace())
    endpoints = {e["host"]: e for e in RESULT["report"]["endpoints"]}
    for e in endpoints.values():
        print(f"     {e['host']}: {e['verdict']}: {e['evidence'][:2]}")
    refused = endpoints["refused.squid.emready.test"]
    check(refused["verdict"] == "tcp-refused", f"refused upstream: {refused['verdict']} {refused['evidence']}")
    check(refused["evidence"][0].startswith("reported by the proxy"), f"evidence: {refused['evidence']}")
    check(any("X-Squid-Error: ERR_CONNECT_FAIL 111" in line for line in refused["evidence"]),
          f"Squid's error is shown: {refused['evidence']}")
    nowhere = endpoints[UNRESOLVABLE]
    check(nowhere["verdict"] in ("dns-nxdomain", "proxy-upstream-failed"),
          f"unresolvable upstream: {nowhere['verdict']} {nowhere['evidence']}")
    check(nowhere["evidence"][0].startswith("reported by the proxy"), f"evidence: {nowhere['evidence']}")
    for e in RESULT["report"]["endpoints"]:
        check(e["verdict"] != "proxy-denied", f"{e['host']}: a Squid that allows everything denied nothing")


@case
def no_allow_rule_for_what_the_proxy_allowed():
    check(RESULT, "the first case ran")
    report = RESULT["report"]
    check(RESULT["code"] == 1, f"not ready: exit {RESULT['code']}")
    check(report["missing_rules"] == [], f"no rule proposed: {report['missing_rules']}")
    check(report["paste"] == "", f"nothing to paste: {report['paste']!r}")


harness.finish()
