#!/usr/bin/env python3
"""The engine's figures, side by side in one run (issue 8, section 5). Loopback only.

  bench_engine.py EMREADY BENCH_TRUST [--sizes 1000,5000,10000] [--quick]

Prints, each with its target:
  * `emready --version`: best and median of 30 runs;
  * loading the default trust set (BENCH_TRUST, the bench_trust binary): best and median;
  * a healthy site with every agent against `emready lab serve` (all endpoint pairs):
    CPU and wall with the lab's one-certificate --ca-file, and wall with the Mozilla set;
  * N healthy endpoints against nginx (Debian's nginx-light) in a network namespace this
    script creates, names answered by dnsmasq, certificate from a CA made here: probes/s
    next to one `openssl s_time -new` process on the same nginx, CPU per probe, peak RSS;
  * 40 silently dropped endpoints with a 2 s TCP timeout: wall time (about one timeout);
  * `ulimit -n 256` and 2,000 endpoints: every one ok, no EMFILE verdicts.
--quick (ctest's smoke) runs small sizes and checks the figures are produced and correct,
not their targets. Figures come from release builds.
"""
import json
import os
import resource
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import lab  # noqa: E402

DOMAIN = "bench.emready.test"
EVERY_AGENT = ["cca", "cdca-v1", "cdca-v2", "cdca-v2-cca", "meap-cca", "meap-http", "erds", "rdms",
               "backup"]


def timed(args, **kwargs):
    """(wall s, CPU s, peak RSS MiB, stdout, exit code, stderr) of one run of `args`.

    The peak RSS comes from GNU time around the command: a child's ru_maxrss also counts the
    memory of the process it was forked from (Linux keeps the larger high-water mark across
    exec), which here would be this Python process."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        start = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss.name, *args], stdout=out,
                                stderr=subprocess.PIPE, **kwargs)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        err = proc.stderr.read().decode()
        proc.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = rss.read().split()
        peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
        return wall, usage.ru_utime + usage.ru_stime, peak, out.read().decode(), code, err


def best_median(samples):
    return min(samples), statistics.median(samples)


def startup(emready, bench_trust):
    version = [timed([emready, "--version"])[0] * 1000 for _ in range(30)]
    print("--version: best %.1f ms, median %.1f ms (target <= 5 ms)" % best_median(version))
    loads = []
    for _ in range(15):
        _, _, _, out, code, err = timed([bench_trust])
        if code != 0:
            raise SystemExit(f"bench_trust failed: {err}")
        loads.append(json.loads(out)["load_ms"])
    print("default trust set load: best %.2f ms, median %.2f ms (target <= 5 ms)" % best_median(loads))


def healthy_site(emready, quick):
    scenario = {"agents": EVERY_AGENT, "address_base": "127.62.0.0",
                "port_map": {443: 21443, 8883: 21883}}
    with lab.serve(emready, scenario) as ready:
        base = [emready, "check", "--agent", "all", "--format", "json", "--dns-server", ready["dns"],
                "--accept-range", "127.62.0.0/16", "--port-map", ready["port_map"]]
        runs = 3 if quick else 15
        one = [timed(base + ["--ca-file", ready["ca_file"]]) for _ in range(runs)]
        mozilla = [timed(base) for _ in range(runs)]
    report = json.loads(one[0][3])
    pairs = len(report["endpoints"])
    ok = sum(1 for e in report["endpoints"] if e["verdict"] == "ok")
    if one[0][4] != 0 or ok != pairs:
        raise SystemExit(f"healthy site not ready: {ok}/{pairs} ok")
    cpu = best_median([r[1] * 1000 for r in one])
    wall = best_median([r[0] * 1000 for r in one])
    wall_moz = best_median([r[0] * 1000 for r in mozilla])
    print(f"healthy site, every agent, {pairs} endpoint pairs, {ok} ok:")
    print("  one-certificate --ca-file: CPU best %.1f / median %.1f ms (target <= 30), "
          "wall best %.1f / median %.1f ms (target <= 40)" % (cpu + wall))
    print("  Mozilla set: wall best %.1f / median %.1f ms (target <= 45)" % wall_moz)


def make_pki(tmp):
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=tmp)
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=emready bench CA")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
        "server.key", "-out", "server.csr", "-subj", f"/CN=*.{DOMAIN}")
    with open(os.path.join(tmp, "san.ext"), "w") as f:
        f.write(f"subjectAltName=DNS:*.{DOMAIN}\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "san.ext")


NGINX_CONF = """daemon off;
master_process on;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:443 ssl backlog=4096;
    ssl_certificate {tmp}/server.pem;
    ssl_certificate_key {tmp}/server.key;
    ssl_session_tickets off;
    return 204;
  }}
}}
"""


def wait_tls(ca, deadline=20):
    context = ssl.create_default_context(cafile=ca)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            import socket
            with socket.create_connection(("127.0.0.1", 443), timeout=1) as raw:
                with context.wrap_socket(raw, server_hostname=f"h0.{DOMAIN}"):
                    return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not complete a TLS handshake in time")


def wait_dns(deadline=20):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            reply = lab.dns_query(("127.0.0.1", 5353), f"h0.{DOMAIN}", timeout=0.5)
            if reply and reply[2]:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("dnsmasq did not answer in time")


def profile(directory, count, agent="bench"):
    lines = [f"agent: {agent}", f"title: benchmark ({count} hosts)", "endpoints:"]
    for i in range(count):
        lines += [f"  - host: h{i}.{DOMAIN}", "    ports: [443]"]
    with open(os.path.join(directory, f"{agent}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def s_time(seconds):
    """(handshakes per second of wall time, CPU ms per handshake) of one `openssl s_time -new`."""
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(["openssl", "s_time", "-connect", "127.0.0.1:443", "-new", "-time",
                                 str(seconds)], stdout=out, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        out.seek(0)
        text = out.read().decode()
    import re
    # s_time's own "N connections in Xs" is per second of its user CPU time, and its "real
    # seconds" are whole seconds: the rate here is N over the wall time measured around it.
    match = re.search(r"(\d+) connections in (\d+) real seconds", text)
    if not match:
        return float("nan"), float("nan")
    count = int(match.group(1))
    return count / wall, (usage.ru_utime + usage.ru_stime) * 1000 / max(count, 1)


def check_args(emready, tmp, profiles, *extra):
    return [emready, "--profiles", profiles, "check", "--agent", "bench", "--format", "json",
            "--dns-server", "127.0.0.1:5353", "--ca-file", os.path.join(tmp, "ca.pem"),
            "--accept-range", "127.0.0.0/8", "-4", *extra]


def verdicts(out):
    counts = {}
    for e in json.loads(out)["endpoints"]:
        counts[e["verdict"]] = counts.get(e["verdict"], 0) + 1
    return counts


def in_namespace(emready, sizes, quick):
    """Runs inside the network namespace: dnsmasq + nginx on 127.0.0.1, then the figures."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    tmp = tempfile.mkdtemp(prefix="emready-bench-")
    os.chmod(tmp, 0o755)
    started = []
    try:
        make_pki(tmp)
        with open(os.path.join(tmp, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF.format(tmp=tmp))
        started.append(subprocess.Popen(
            ["dnsmasq", "--keep-in-foreground", "--port=5353", "--listen-address=127.0.0.1",
             "--bind-interfaces", "--no-resolv", "--no-hosts", f"--address=/{DOMAIN}/127.0.0.1",
             "--cache-size=10000", "--dns-forward-max=10000", "--pid-file=" + os.path.join(tmp, "dnsmasq.pid"),
             "--user=root"], stderr=subprocess.DEVNULL))
        started.append(subprocess.Popen(["nginx", "-c", os.path.join(tmp, "nginx.conf"), "-p", tmp],
                                        stderr=subprocess.DEVNULL))
        wait_dns()
        wait_tls(os.path.join(tmp, "ca.pem"))
        profiles = os.path.join(tmp, "profiles")
        for count in sizes:
            shutil.rmtree(profiles, ignore_errors=True)
            os.makedirs(profiles)
            profile(profiles, count)
            wall, cpu, rss, out, code, err = timed(check_args(emready, tmp, profiles))
            rate, s_cpu = s_time(2 if quick else 5)
            seen = verdicts(out)
            print(f"nginx: {count} endpoints, {seen}: {wall:.2f} s wall, {count / wall:.0f} probes/s "
                  f"(s_time -new on the same nginx: {rate:.0f}/s; ratio {count / wall / rate:.2f}, target >= 1), "
                  f"CPU {cpu * 1000 / count:.3f} ms per probe (target <= 0.6; s_time: {s_cpu:.3f} ms "
                  f"per handshake), peak RSS {rss:.1f} MiB"
                  f"{' (target <= 64 at 10,000)' if count >= 10000 else ''}")
            if seen.get("ok") != count:
                raise SystemExit(f"not every endpoint was ok: {seen}; {err[:500]}")
        # Open-file limit 256: fewer probes in flight, never EMFILE.
        count = 300 if quick else 2000
        shutil.rmtree(profiles, ignore_errors=True)
        os.makedirs(profiles)
        profile(profiles, count)
        limit = lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))  # noqa: E731
        wall, cpu, rss, out, code, err = timed(check_args(emready, tmp, profiles), preexec_fn=limit)
        seen = verdicts(out)
        print(f"ulimit -n 256, {count} endpoints: {seen} in {wall:.2f} s; note: {err.strip()[:120]}")
        if seen.get("ok") != count:
            raise SystemExit(f"with ulimit -n 256 not every endpoint was ok: {seen}")
    finally:
        for proc in reversed(started):
            lab.stop(proc, timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def dropped(emready, quick):
    count, timeout = (8, 1.0) if quick else (40, 2.0)
    with tempfile.TemporaryDirectory() as profiles:
        agent = "bench-drop"
        lines = [f"agent: {agent}", "title: dropped", "endpoints:"]
        hosts = [f"d{i}.drop.emready.test" for i in range(count)]
        for h in hosts:
            lines += [f"  - host: {h}", "    ports: [443]"]
        with open(os.path.join(profiles, f"{agent}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        scenario = {"agents": [agent], "address_base": "127.63.0.0", "port_map": {443: 21444},
                    "hosts": {h: {"tls": "drop"} for h in hosts}}
        with lab.serve(emready, scenario, profiles_dir=profiles) as ready:
            wall, _, _, out, _, _ = timed([emready, "--profiles", profiles, "check", "--agent", agent,
                                           "--format", "json", "--dns-server", ready["dns"],
                                           "--ca-file", ready["ca_file"], "--accept-range", "127.63.0.0/16",
                                           "--port-map", ready["port_map"], "--tcp-timeout", str(timeout)])
    seen = verdicts(out)
    print(f"drop: {count} silently dropped endpoints, TCP timeout {timeout:g} s: {wall:.2f} s wall "
          f"(serial would be {count * timeout:g} s), verdicts {seen}")
    if seen != {"tcp-timeout": count} or wall > 2 * timeout + 2:
        raise SystemExit("drop: unexpected verdicts or wall time")


def main():
    args = sys.argv[1:]
    if args and args[0] == "--in-namespace":
        emready, sizes, quick = args[1], [int(n) for n in args[2].split(",")], args[3] == "quick"
        in_namespace(emready, sizes, quick)
        return
    emready, bench_trust = os.path.abspath(args[0]), os.path.abspath(args[1])
    quick = "--quick" in args
    sizes = "200" if quick else "1000,5000,10000"
    if "--sizes" in args:
        sizes = args[args.index("--sizes") + 1]
    startup(emready, bench_trust)
    healthy_site(emready, quick)
    dropped(emready, quick)
    if shutil.which("nginx") is None or shutil.which("dnsmasq") is None:
        raise SystemExit("nginx and dnsmasq are needed (packages nginx-light, dnsmasq-base)")
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    subprocess.run(unshare + [sys.executable, os.path.abspath(__file__), "--in-namespace", emready,
                              sizes, "quick" if quick else "full"], check=True)


if __name__ == "__main__":
    main()
