#!/usr/bin/env python3
"""emready check through two more real proxies (issue 9, sections 1, 4 and 7):

- tinyproxy (Debian's 1.11.1), whose error answers differ from Squid's: a host its Filter
  blocks and a port its ConnectPort list lacks are denials with a rule to add; an upstream it
  cannot reach ("500 Unable to connect") is the far side's failure with no rule; a client
  outside its Allow list is refused whatever the host, so no host rule either;
- Dante (Debian's dante-server), a SOCKS5 proxy reached as socks5h:// through libcurl: its
  reply codes give the far side's verdict (refused) or a denial (its `socks block` rule).

Runs itself inside new network and mount namespaces (`unshare -nm` as root, else
`unshare -rnm`): only loopback exists, and /etc/hosts is bind-mounted from a file this test
writes, so both proxies resolve the test's names and nothing else. The lab serves the TLS
endpoints on 127.71.0.0/16 port 443.
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
TINY_PORT, TINY_ACL_PORT, SOCKS_PORT = 28888, 28889, 21080
DOMAIN = "other.emready.test"
# name → (ports, address in /etc/hosts: "lab" = the lab's, None = unresolvable)
HOSTS = {
    "ok": ([443], "lab"),
    "refused": ([443], "lab"),         # the lab's refuse fault: nothing listens
    "denied": ([443], "127.0.0.10"),   # not in tinyproxy's Filter; blocked by Dante
    "portblocked": ([8443], "lab"),    # tinyproxy's ConnectPort allows 443 only
    "nowhere": ([443], None),
}
TINY_CONF = """Port {port}
Listen 127.0.0.1
Timeout 5
PidFile "{tmp}/tinyproxy-{port}.pid"
LogFile "{tmp}/tinyproxy-{port}.log"
MaxClients 50
Allow {allow}
ConnectPort 443
Filter "{tmp}/filter.txt"
FilterType fnmatch
FilterDefaultDeny Yes
"""
DANTE_CONF = """logoutput: {tmp}/danted.log
internal: 127.0.0.1 port = {port}
external: 127.0.0.1
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0 }}
socks block {{ from: 0.0.0.0/0 to: 127.0.0.10/32 }}
socks pass {{ from: 0.0.0.0/0 to: 0.0.0.0/0 }}
"""


def name(short):
    return f"{short}.{DOMAIN}"


def wait_for_port(port, deadline=20.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            import socket
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def wait_for_tinyproxy(port):
    """Ready when it answers a CONNECT at the HTTP level."""
    wait_for_port(port)
    status, _, s = lab.proxy_connect(f"127.0.0.1:{port}", f"{name('denied')}:443", timeout=5)
    s.close()
    if not status:
        raise AssertionError(f"tinyproxy on {port} gave no HTTP answer")


def inner():
    tmp = tempfile.mkdtemp(prefix="emready-proxies-")
    os.chmod(tmp, 0o755)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    profiles = os.path.join(tmp, "profiles")
    os.makedirs(profiles)
    lines = ["agent: other-site", "title: a site behind tinyproxy or Dante", "endpoints:"]
    for short, (ports, _) in HOSTS.items():
        lines += [f"  - host: {name(short)}", f"    ports: [{', '.join(map(str, ports))}]"]
    with open(os.path.join(profiles, "other-site.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    started = []
    runs = {}
    scenario = {"agents": ["other-site"], "address_base": "127.71.0.0",
                "hosts": {name("refused"): {"tls": "refuse"}}}
    try:
        with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
            hosts = os.path.join(tmp, "hosts")
            with open(hosts, "w") as f:
                f.write("127.0.0.1 localhost\n")
                for short, (_, address) in HOSTS.items():
                    if address:
                        f.write(f"{ready['hosts'][name(short)] if address == 'lab' else address} {name(short)}\n")
            subprocess.run(["mount", "--bind", hosts, "/etc/hosts"], check=True)
            with open(os.path.join(tmp, "filter.txt"), "w") as f:
                f.write("\n".join(name(s) for s in ("ok", "refused", "portblocked", "nowhere")) + "\n")
            for port, allow in ((TINY_PORT, "127.0.0.1"), (TINY_ACL_PORT, "10.1.2.3")):
                conf = os.path.join(tmp, f"tinyproxy-{port}.conf")
                with open(conf, "w") as f:
                    f.write(TINY_CONF.format(port=port, tmp=tmp, allow=allow))
                started.append(subprocess.Popen(["tinyproxy", "-d", "-c", conf], stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL))
            with open(os.path.join(tmp, "danted.conf"), "w") as f:
                f.write(DANTE_CONF.format(port=SOCKS_PORT, tmp=tmp))
            started.append(subprocess.Popen(["danted", "-f", os.path.join(tmp, "danted.conf")],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            wait_for_tinyproxy(TINY_PORT)
            wait_for_port(TINY_ACL_PORT)
            wait_for_port(SOCKS_PORT)
            for key, proxy in (("tinyproxy", f"http://127.0.0.1:{TINY_PORT}"),
                               ("tinyproxy-acl", f"http://127.0.0.1:{TINY_ACL_PORT}"),
                               ("dante", f"socks5h://127.0.0.1:{SOCKS_PORT}")):
                proc = subprocess.run([EMREADY, "--profiles", profiles, "check", "--agent", "other-site",
                                       "--proxy", proxy, "--ca-file", ready["ca_file"], "--format", "json",
                                       "--dialect", "squid", "--tcp-timeout", "8"],
                                      capture_output=True, text=True, timeout=120)
                runs[key] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
    finally:
        for proc in started:
            lab.stop(proc, timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(runs))


def run_in_namespace():
    return lab.run_inner_in_namespace(__file__, EMREADY, mount=True, timeout=300)


if len(sys.argv) > 2 and sys.argv[2] == "--inner":
    inner()
    sys.exit(0)

for tool in ("tinyproxy", "danted"):
    if shutil.which(tool) is None:
        raise SystemExit(f"{tool} is needed (Debian packages tinyproxy, dante-server)")

RUNS = run_in_namespace()


def endpoints(key):
    run = RUNS[key]
    try:
        report = json.loads(run["stdout"])
    except json.JSONDecodeError:
        raise AssertionError(f"{key}: exit {run['code']}: {run['stdout'][:300]} {run['stderr'][:500]}")
    for e in report["endpoints"]:
        print(f"     {key}: {e['host'].split('.')[0]}:{e['port']}: {e['verdict']}: {e['evidence'][:1]}")
    return {e["host"].split(".")[0]: e for e in report["endpoints"]}, json.dumps(report["missing_rules"])


@case
def tinyproxy_denials_get_rules_its_upstream_failures_do_not():
    seen, rules = endpoints("tinyproxy")
    expected = {"ok": "ok", "refused": "proxy-upstream-failed", "denied": "proxy-denied",
                "portblocked": "proxy-denied", "nowhere": "proxy-upstream-failed"}
    for short, verdict in expected.items():
        check(seen[short]["verdict"] == verdict, f"{short}: {seen[short]['verdict']} {seen[short]['evidence']}")
    check("Filter list blocks the host" in seen["denied"]["evidence"][0], f"{seen['denied']['evidence']}")
    check("ConnectPort" in seen["portblocked"]["evidence"][0], f"{seen['portblocked']['evidence']}")
    check(seen["refused"]["evidence"][0].startswith("reported by the proxy"), f"{seen['refused']['evidence']}")
    check(name("denied") in rules and name("portblocked") in rules, f"rules for the denials: {rules}")
    for short in ("ok", "refused", "nowhere"):
        check(name(short) not in rules, f"no rule for {short}: {rules}")


@case
def a_client_tinyproxy_refuses_gets_no_host_rule():
    seen, rules = endpoints("tinyproxy-acl")
    for short, e in seen.items():
        check(e["verdict"] == "proxy-denied", f"{short}: {e['verdict']}")
        check("Allow" in e["evidence"][0], f"{short}: {e['evidence']}")
    check(rules == "[]", f"no host rule: {rules}")
    check(RUNS["tinyproxy-acl"]["code"] == 1, "not ready")


@case
def dante_socks5h_replies_give_the_far_side_or_a_denial():
    seen, rules = endpoints("dante")
    check(seen["ok"]["verdict"] == "ok", f"ok through SOCKS: {seen['ok']['evidence']}")
    check(seen["refused"]["verdict"] == "tcp-refused", f"refused: {seen['refused']}")
    check(seen["refused"]["evidence"][0].startswith("reported by SOCKS proxy"), f"{seen['refused']['evidence']}")
    check(seen["denied"]["verdict"] == "proxy-denied", f"denied: {seen['denied']}")
    # Dante answers "host unreachable" (reply 4) for a name it cannot resolve.
    check(seen["nowhere"]["verdict"] == "tcp-unreachable", f"nowhere: {seen['nowhere']}")
    check("cannot resolve" in seen["nowhere"]["evidence"][0], f"{seen['nowhere']['evidence']}")
    check(name("refused") not in rules and name("ok") not in rules, f"rules: {rules}")
    check(name("denied") in rules, f"the blocked host gets its rule: {rules}")


harness.finish()
