#!/usr/bin/env python3
"""`emready check --pac` and `--wpad` end to end (issue 9, sections 3 and 7): a real PAC file
evaluated by the engine for every endpoint, choosing DIRECT, the lab's CONNECT proxy, and a
dead proxy with failover to the lab's, with isInNet, dnsResolve (through the lab's DNS, as
--dns-server says) and shExpMatch; a PAC file that throws is a located error; and WPAD finds
the file at http://wpad.<search domain>/wpad.dat, served on loopback and resolved by the
lab's DNS.

Runs itself inside new network and mount namespaces (`unshare -nm` as root, else
`unshare -rnm`): /etc/resolv.conf is bind-mounted with the test's search domain, and the
WPAD server listens on port 80 of a lab address.
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402
from json_contract import problems  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
DOMAIN = "pac.emready.test"
NAMES = ["direct", "viaproxy", "failover", "innet"]
PAC = """// The site's PAC file.
function FindProxyForURL(url, host) {
  if (shExpMatch(host, "direct.*")) return "DIRECT";
  if (shExpMatch(host, "failover.*")) return "PROXY 127.0.0.1:9; PROXY %(proxy)s";
  if (dnsDomainIs(host, "innet.%(domain)s") && isInNet(dnsResolve(host), "127.73.0.0", "255.255.0.0"))
    return "DIRECT";
  return "PROXY %(proxy)s; DIRECT";
}
"""
THROWS = """function FindProxyForURL(url, host) {
  var routes = {};
  return routes.forThisHost.join("; ");
}
"""


def name(short):
    return f"{short}.{DOMAIN}"


def inner():
    tmp = tempfile.mkdtemp(prefix="emready-pac-")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    profiles = os.path.join(tmp, "profiles")
    os.makedirs(profiles)
    lines = ["agent: pac-site", "title: a site with a PAC file", "endpoints:"]
    lines += [f"  - host: {name(n)}\n    ports: [443]" for n in NAMES]
    with open(os.path.join(profiles, "pac-site.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    runs = {}
    server = None
    scenario = {"agents": ["pac-site"], "address_base": "127.73.0.0", "port_map": {443: 24443},
                "extra_hosts": [f"wpad.{DOMAIN}"], "proxy": {"port": 0}}
    try:
        with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
            proxy = ready["proxy"].split("://", 1)[1]
            pac = os.path.join(tmp, "site.pac")
            with open(pac, "w") as f:
                f.write(PAC % {"proxy": proxy, "domain": DOMAIN})
            throws = os.path.join(tmp, "throws.pac")
            with open(throws, "w") as f:
                f.write(THROWS)
            # WPAD: the file on port 80 of wpad.<domain>'s lab address; the search domain in
            # this namespace's own resolv.conf.
            wpad_address = ready["hosts"][f"wpad.{DOMAIN}"]
            served = os.path.join(tmp, "www")
            os.makedirs(served)
            shutil.copy(pac, os.path.join(served, "wpad.dat"))
            handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=served, **k)  # noqa: E731
            http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
            server = http.server.ThreadingHTTPServer((wpad_address, 80), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            resolv = os.path.join(tmp, "resolv.conf")
            with open(resolv, "w") as f:
                f.write(f"nameserver 127.0.0.1\nsearch site.{DOMAIN} {DOMAIN}\n")
            subprocess.run(["mount", "--bind", resolv, "/etc/resolv.conf"], check=True)

            def emready(key, *args):
                cmd = [EMREADY, "--profiles", profiles, "check", "--agent", "pac-site",
                       "--ca-file", ready["ca_file"], "--dns-server", ready["dns"],
                       "--port-map", ready["port_map"], "--accept-range", "127.73.0.0/16",
                       "--tcp-timeout", "2", *args]
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                                      env={k: v for k, v in os.environ.items() if "proxy" not in k.lower()})
                runs[key] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}

            emready("pac", "--pac", pac, "--format", "json")
            emready("pac-text", "--pac", pac)
            emready("throws", "--pac", throws, "--format", "json")
            emready("wpad", "--wpad", "--format", "json")
            emready("pac-url", "--pac", f"http://wpad.{DOMAIN}/wpad.dat", "--format", "json")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(runs))
    if os.environ.get("EMREADY_SHOW"):
        sys.stderr.write(runs["wpad"]["stderr"] + runs["pac-text"]["stdout"])


def run_in_namespace():
    return lab.run_inner_in_namespace(__file__, EMREADY, mount=True, timeout=300)


if len(sys.argv) > 2 and sys.argv[2] == "--inner":
    inner()
    sys.exit(0)

RUNS = run_in_namespace()


def endpoints(key):
    run = RUNS[key]
    try:
        report = json.loads(run["stdout"])
    except json.JSONDecodeError:
        raise AssertionError(f"{key}: exit {run['code']}: {run['stdout'][:300]} {run['stderr'][:800]}")
    for e in report["endpoints"]:
        print(f"     {key}: {e['host'].split('.')[0]}: {e['verdict']} route={e.get('route')} "
              f"failovers={e.get('route_failovers')}")
    return report, {e["host"].split(".")[0]: e for e in report["endpoints"]}


def expect_routes(key):
    report, seen = endpoints(key)
    check(RUNS[key]["code"] == 0, f"{key}: ready, exit {RUNS[key]['code']} {RUNS[key]['stderr'][:500]}")
    check(seen["direct"]["route"] == "DIRECT", f"direct: {seen['direct'].get('route')}")
    check(seen["direct"]["observations"][0]["address"] != "", "DIRECT dials the address itself")
    check(seen["viaproxy"]["route"].startswith("PROXY 127.0.0.1:"), f"viaproxy: {seen['viaproxy'].get('route')}")
    check(seen["viaproxy"]["observations"][0]["proxy"]["url"].startswith("http://127.0.0.1:"), "through the lab proxy")
    check(seen["failover"]["route"] == seen["viaproxy"]["route"], f"failover: {seen['failover'].get('route')}")
    check(len(seen["failover"]["route_failovers"]) == 1 and
          seen["failover"]["route_failovers"][0].startswith("PROXY 127.0.0.1:9 failed: cannot reach proxy"),
          f"failover notes: {seen['failover']['route_failovers']}")
    check(seen["innet"]["route"] == "DIRECT", f"isInNet(dnsResolve(host)) through the lab's DNS: {seen['innet'].get('route')}")
    check(report["options"]["proxy"]["pac"], "the report names the PAC file")
    invalid = problems(report, "check")
    check(not invalid, f"{key}: the document breaks the schema: {invalid[:5]}")
    check(any("routed as the PAC file" in n for n in report["notes"]), f"method notes: {report['notes']}")
    return report


@case
def pac_routes_direct_proxy_and_failover():
    expect_routes("pac")


@case
def the_route_taken_is_in_the_text_report():
    text = " ".join(RUNS["pac-text"]["stdout"].split())  # the table wraps at 80 columns
    check("route: PROXY 127.0.0.1:" in text, f"text shows a proxy route: {text[:1500]}")
    check("route: DIRECT (PAC)" in text, f"text shows routes: {text[:1500]}")
    check("PROXY 127.0.0.1:9 failed: cannot reach proxy" in text, f"text shows the failover: {text[:1500]}")


@case
def a_pac_file_that_throws_is_a_located_error():
    run = RUNS["throws"]
    check(run["code"] == 2, f"exit {run['code']}")
    check("throws.pac:3:" in run["stderr"] and "TypeError" in run["stderr"], f"message: {run['stderr']}")


@case
def wpad_finds_the_file_by_the_search_domains():
    run = RUNS["wpad"]
    check(f"http://wpad.{DOMAIN}/wpad.dat" in run["stderr"], f"says where it found it: {run['stderr']}")
    report = expect_routes("wpad")
    check("WPAD (DNS" in report["options"]["proxy"]["pac"], f"how: {report['options']['proxy']}")


@case
def a_pac_url_is_fetched_directly():
    expect_routes("pac-url")


harness.finish()
