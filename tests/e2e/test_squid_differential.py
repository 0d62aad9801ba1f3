#!/usr/bin/env python3
"""Read a list the way the product does (issue 11, section 4): admin-written Squid lists
(tests/e2e/squid_lists/: Canon's wildcards with and without the dot, '*.' spelled out, a
domain and its subdomain, includes, comments, CRLF, upper case, a deny before the allow)
are each loaded into a real Squid (Debian's 5.7, `squid -k parse`, then started), and for
every endpoint of every agent emready's audit must agree with what Squid does with a
CONNECT to it: covered exactly when Squid answers 200, or both say Squid will not start.
Where the audit says "not proven" (a deny it does not model), only its "not covered" is a
claim: Squid must refuse those too.

Runs in a network namespace of its own: Squid resolves every eM host to 127.0.0.1 from a
hosts file, where this test listens on 443 and 8883."""
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
LISTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "squid_lists")
PORT = 23180
CONF = """http_port 127.0.0.1:{port}
pid_filename {tmp}/squid.pid
cache_log {tmp}/cache.log
access_log none
cache deny all
cache_mem 8 MB
hosts_file {tmp}/hosts
dns_nameservers 127.0.0.1
dns_timeout 2 seconds
connect_timeout 3 seconds
coredump_dir {tmp}
shutdown_lifetime 0 seconds
include {fragment}
http_access allow CONNECT em
http_access deny all
"""


def listen(port):
    """Accepts and holds connections on 127.0.0.1:port (the upstream Squid tunnels to)."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(256)

    def serve():
        held = []
        while True:
            try:
                conn, _ = server.accept()
                held.append(conn)
                held = held[-64:]
            except OSError:
                return
    threading.Thread(target=serve, daemon=True).start()
    return server


def endpoints():
    out = subprocess.run([EMREADY, "profiles", "show", "all", "--format", "json"], capture_output=True, text=True,
                         check=True).stdout
    hosts = {}
    for profile in json.loads(out)["profiles"]:
        for endpoint in profile["endpoints"]:
            hosts.setdefault(endpoint["host"], set()).update(endpoint["ports"])
    return hosts


def squid_says(tmp, fragment, hosts):
    """None when Squid refuses the configuration, else {(host, port): allowed}."""
    conf = os.path.join(tmp, "squid.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(port=PORT, tmp=tmp, fragment=fragment))
    parsed = subprocess.run(["squid", "-k", "parse", "-f", conf], capture_output=True, text=True, timeout=60)
    if parsed.returncode != 0 or "FATAL" in parsed.stderr:
        return None, parsed.stderr
    squid = subprocess.Popen(["squid", "-N", "-f", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > end:
                    raise AssertionError("squid did not start")
                time.sleep(0.2)
        seen = {}
        for host, ports in hosts.items():
            for port in ports:
                status, _, s = lab.proxy_connect(f"127.0.0.1:{PORT}", f"{host}:{port}", timeout=10)
                s.close()
                seen[(host, port)] = status == 200
        return seen, parsed.stderr
    finally:
        lab.stop(squid, timeout=15)


def audit_says(fragment):
    proc = subprocess.run([EMREADY, "audit", "-l", fragment, "-d", "squid", "--agent", "all", "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode == 2:
        return proc.returncode, None, proc.stderr
    report = json.loads(proc.stdout)
    covered = {}
    for endpoint in report["endpoints"]:
        for port, rule in endpoint["covered_ports"].items():
            covered[(endpoint["host"], int(port))] = rule is not None
    return proc.returncode, covered, report


def inner():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    tmp = tempfile.mkdtemp(prefix="emready-squid-diff-")
    os.chmod(tmp, 0o755)
    if os.geteuid() == 0:
        shutil.chown(tmp, user="proxy")  # Squid started as root works as user proxy
    listeners = [listen(443), listen(8883)]
    hosts = endpoints()
    with open(os.path.join(tmp, "hosts"), "w") as f:
        for host in hosts:
            f.write(f"127.0.0.1 {host}\n")
    results = {}
    try:
        for source in sorted(glob.glob(os.path.join(LISTS, "*.conf"))):
            name = os.path.basename(source)
            work = os.path.join(tmp, name[:-5])
            os.makedirs(work)
            for other in glob.glob(os.path.join(LISTS, "*.txt")):
                shutil.copy(other, work)
            fragment = os.path.join(work, name)
            with open(source) as f:
                text = f.read().replace("{dir}", work)
            with open(fragment, "w", newline="") as f:
                f.write(text)
            squid, log = squid_says(tmp, fragment, hosts)
            code, covered, report = audit_says(fragment)
            results[name] = {
                "squid": None if squid is None else {f"{h}:{p}": v for (h, p), v in squid.items()},
                "squid_log": log[-600:],
                "audit_code": code,
                "audit": None if covered is None else {f"{h}:{p}": v for (h, p), v in covered.items()},
                "audit_error": report if covered is None else "",
                "proven": None if covered is None else report["proven"],
                "warnings": [] if covered is None else [w["kind"] + ": " + w["message"] for w in report["warnings"]],
            }
    finally:
        for listener in listeners:
            listener.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results))


if len(sys.argv) > 2 and sys.argv[2] == "--inner":
    inner()
    sys.exit(0)

if shutil.which("squid") is None:
    raise SystemExit("squid is needed (Debian package squid-openssl)")

RESULTS = lab.run_inner_in_namespace(__file__, EMREADY, timeout=600)


@case
def every_list_was_tried():
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(LISTS, "*.conf")))
    check(sorted(RESULTS) == names and len(names) >= 10, sorted(RESULTS))


@case
def audit_agrees_with_squid_on_every_endpoint():
    disagreements = []
    for name, r in sorted(RESULTS.items()):
        if r["squid"] is None or r["audit"] is None:
            if (r["squid"] is None) != (r["audit"] is None):
                disagreements.append(f"{name}: squid {'refuses' if r['squid'] is None else 'starts'} "
                                     f"({r['squid_log'][-200:]!r}), audit exit {r['audit_code']} {r['audit_error'][:200]!r}")
            continue
        for endpoint, allowed in sorted(r["squid"].items()):
            covered = r["audit"].get(endpoint)
            if r["proven"] is False:  # not proven: only "not covered" is a claim
                if covered is False and allowed:
                    disagreements.append(f"{name}: {endpoint}: audit says not covered, Squid lets it through")
            elif covered != allowed:
                disagreements.append(f"{name}: {endpoint}: audit {'covered' if covered else 'not covered'}, "
                                     f"Squid {'200' if allowed else 'refuses'}")
    check(not disagreements, "\n".join(disagreements[:30]))


@case
def what_squid_refuses_or_ignores_is_said_with_the_fix():
    refused = RESULTS["domain-and-subdomain.conf"]
    check(refused["audit"] is None and "Squid refuses to start" in refused["audit_error"] and
          "remove 'srv.ygles.com'" in refused["audit_error"], refused["audit_error"][:300])
    star = RESULTS["canon-star.conf"]
    check(any("Squid reads '*' literally" in w and "write '.srv.ygles.com'" in w for w in star["warnings"]),
          star["warnings"])
    wider = RESULTS["wider-first.conf"]
    check(any("Squid ignores it" in w for w in wider["warnings"]), wider["warnings"])
    check(RESULTS["deny-before-allow.conf"]["proven"] is False, "a deny makes the audit not proven")
    after = RESULTS["includes.conf"]
    check(any("Squid stops reading this line after the included file" in w for w in after["warnings"]),
          after["warnings"])


harness.finish()
