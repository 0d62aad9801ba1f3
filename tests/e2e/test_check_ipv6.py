#!/usr/bin/env python3
"""The printers' address family decides readiness (issue 9, section 5), end to end over real
IPv6: inside a private network namespace the test gives `lo` IPv6 addresses, the lab listens
on them (`address6`) and answers AAAA with them, and `emready check` runs once per
--device-family. Hosts: reachable over IPv6 only; IPv4 refused while IPv6 works; IPv6
refused while IPv4 works."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402

INNER = len(sys.argv) > 3 and sys.argv[1] == "--inner"
EMREADY = sys.argv[2] if INNER else sys.argv[1]
DOMAIN = "v6.emready.test"
NET6 = "fd00:e6::"
# name → lab host settings; hosts are numbered in profile order from address_base 127.64.0.0
HOSTS = {
    "v6only": {"address6": NET6 + "11", "addresses": [NET6 + "11"]},
    "v4fails": {"address6": NET6 + "12", "addresses": ["127.64.0.250", NET6 + "12"]},
    "v6fails": {"addresses": ["127.64.0.3", NET6 + "250"]},
}
# --device-family → (exit code, {name: verdict})
EXPECTED = {
    "ipv4": (1, {"v6only": "dns-no-address", "v4fails": "tcp-refused", "v6fails": "ok"}),
    "ipv6": (1, {"v6only": "ok", "v4fails": "ok", "v6fails": "tcp-refused"}),
    "dual": (0, {"v6only": "ok", "v4fails": "ok", "v6fails": "ok"}),
}


def inner(workdir):
    """Runs inside the namespace: the lab on 127.64.0.0/16 and fd00:e6::/64, then three checks."""
    s = {"agents": ["v6"], "address_base": "127.64.0.0", "port_map": {443: 24443},
         "hosts": {f"{n}.{DOMAIN}": h for n, h in HOSTS.items()}}
    failures = []
    with lab.serve(EMREADY, s, profiles_dir=workdir) as ready:
        if ready["hosts"][f"v6fails.{DOMAIN}"] != "127.64.0.3":
            raise AssertionError(f"host numbering changed: {ready['hosts']}")
        for family, (code, verdicts) in EXPECTED.items():
            cmd = [EMREADY, "--profiles", workdir, "check", "--agent", "v6", "--format", "json",
                   "--ca-file", ready["ca_file"], "--dns-server", ready["dns"],
                   "--port-map", ready["port_map"], "--no-proxy",
                   "--accept-range", "127.64.0.0/16", "--accept-range", NET6 + "/64",
                   "--tcp-timeout", "2", "--device-family", family]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            report = json.loads(proc.stdout)
            seen = {e["host"].split(".")[0]: e for e in report["endpoints"]}
            if proc.returncode != code:
                failures.append(f"{family}: exit {proc.returncode}, expected {code}")
            for name, verdict in verdicts.items():
                if seen[name]["verdict"] != verdict:
                    failures.append(f"{family}: {name} is {seen[name]['verdict']}, expected {verdict}: "
                                    f"{seen[name]['evidence']}")
            families = sorted(o["family"] for o in seen["v4fails"]["observations"])
            if families != [4, 6]:
                failures.append(f"{family}: both families probed, got {families}")
            if report["options"]["device_family"] != family:
                failures.append(f"{family}: report says {report['options']['device_family']}")
            if family == "ipv4":
                evidence = " ".join(seen["v4fails"]["evidence"])
                if "IPv6 works, but the devices use IPv4" not in evidence:
                    failures.append(f"ipv4: v4fails evidence lacks the IPv6 note: {evidence}")
                evidence = " ".join(seen["v6only"]["evidence"])
                if "over IPv6 only, but the devices use IPv4" not in evidence:
                    failures.append(f"ipv4: v6only evidence: {evidence}")
                text = subprocess.run(cmd[:6] + ["--format", "text"] + cmd[8:], capture_output=True,
                                      text=True, timeout=60).stdout
                if "judged over IPv4, the family the printers use" not in text.splitlines()[1]:
                    failures.append(f"text report's method line: {text.splitlines()[:3]}")
            print(f"{family}: exit {proc.returncode}, " +
                  ", ".join(f"{n} {seen[n]['verdict']}" for n in verdicts))
    for failure in failures:
        print("FAIL", failure)
    return not failures


def main():
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rn", "true"]).returncode != 0:
        print("no user/network namespaces here: this test needs them")
        return 1
    with tempfile.TemporaryDirectory() as workdir:
        lines = ["agent: v6", "title: address families", "endpoints:"]
        lines += [f"  - host: {n}.{DOMAIN}\n    ports: [443]" for n in HOSTS]
        with open(os.path.join(workdir, "v6.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        script = f"""set -e
ip link set lo up
ip -6 addr add {NET6}1/64 dev lo nodad
for n in 11 12 250; do ip -6 addr add {NET6}$n/128 dev lo nodad; done
exec {sys.executable} {os.path.abspath(__file__)} --inner {EMREADY} {workdir}
"""
        proc = subprocess.run(["unshare", "-rn", "sh", "-c", script], capture_output=True, text=True,
                              timeout=240)
    print(proc.stdout, proc.stderr[-2000:])
    return proc.returncode


if INNER:
    sys.exit(0 if inner(sys.argv[3]) else 1)
sys.exit(main())
