#!/usr/bin/env python3
"""`emready check` end to end against the bundled lab backend: every verdict from a real
DNS answer, a real socket, a real TLS handshake or a real proxy, all on loopback."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import lab  # noqa: E402
from json_contract import problems  # noqa: E402

INNER = len(sys.argv) > 3 and sys.argv[1] == "--inner"
EMREADY = sys.argv[2] if INNER else sys.argv[1]
BASE = 20000 + (os.getpid() % 4000) * 4  # ports of this run: BASE .. BASE+3
failures = []

# host prefix → (profile ports, lab host settings)
FAULTS = {
    "ok": ([443], {}),
    "nxdomain": ([443], {"dns": "nxdomain"}),
    "servfail": ([443], {"dns": "servfail"}),
    "refused-dns": ([443], {"dns": "refused"}),
    "dns-timeout": ([443], {"dns": "timeout"}),
    "nodata": ([443], {"dns": "nodata"}),
    "sinkhole": ([443], {"addresses": ["0.0.0.0"]}),
    "sinkhole2": ([443], {"addresses": ["0.0.0.0"]}),
    "refuse": ([443], {"tls": "refuse"}),
    "drop": ([443], {"tls": "drop"}),
    "inspection": ([443], {"tls": "inspection"}),
    "expired": ([443], {"tls": "expired"}),
    "not-yet-valid": ([443], {"tls": "not-yet-valid"}),
    "wrong-name": ([443], {"tls": "wrong-name"}),
    "old-protocol": ([443], {"tls": "old-protocol"}),
    "close": ([443], {"tls": "close"}),
    "silent": ([443], {"tls": "silent"}),
    "client-cert": ([443], {"tls": "client-cert"}),
    "large-chain": ([443], {"tls": "large-chain", "chain_length": 12}),
    "delay": ([443], {"tls": "delay", "delay_ms": 300}),
    "either-port": ([443, 8883], {"tls": {443: "refuse", 8883: "ok"}}),
    "missing-intermediate": ([443], {"tls": "missing-intermediate"}),
    "reset": ([443], {"tls": "reset"}),
}
EXPECTED = {
    "ok": "ok", "nxdomain": "dns-nxdomain", "servfail": "dns-servfail",
    "refused-dns": "dns-refused", "dns-timeout": "dns-timeout", "nodata": "dns-no-address",
    "sinkhole": "dns-sinkhole", "refuse": "tcp-refused", "drop": "tcp-timeout",
    "inspection": "tls-untrusted", "expired": "tls-expired", "not-yet-valid": "tls-not-yet-valid",
    "wrong-name": "tls-name-mismatch", "old-protocol": "tls-old-protocol",
    "close": "tls-handshake-failed", "silent": "tls-timeout", "client-cert": "ok",
    "large-chain": "ok", "delay": "ok", "missing-intermediate": "tls-incomplete-chain",
    "reset": "tls-handshake-failed",
}
DOMAIN = "e2e.emready.test"


def host(name):
    return f"{name}.{DOMAIN}"


def write_profile(directory, agent="e2e", names=FAULTS):
    lines = [f"agent: {agent}", "title: end-to-end faults", "endpoints:"]
    for name in names:
        ports = FAULTS[name][0]
        lines += [f"  - host: {host(name)}", f"    ports: [{', '.join(map(str, ports))}]"]
        if len(ports) > 1:
            lines.append("    any_port: true")
    with open(os.path.join(directory, f"{agent}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def scenario(names=FAULTS, agents=("e2e",), proxy=None):
    s = {"agents": list(agents), "address_base": "127.60.0.0",
         "port_map": {443: BASE, 8883: BASE + 1},
         "hosts": {host(n): FAULTS[n][1] for n in names if FAULTS[n][1]}}
    if proxy:
        s["proxy"] = proxy
    return s


def check(ready, profiles, *args, agent="e2e", expect_code=None, prefix=(), env_extra=None):
    cmd = [*prefix, EMREADY] + (["--profiles", profiles] if profiles else []) + [
           "check", "--agent", agent, "--format", "json",
           "--ca-file", ready["ca_file"], "--accept-range", "127.60.0.0/16",
           "--dns-timeout", "1", "--tcp-timeout", "1", "--tls-timeout", "1", *args]
    if "--proxy" not in args:
        cmd += ["--dns-server", ready["dns"], "--port-map", ready["port_map"], "--no-proxy"]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(env_extra or {})
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    if expect_code is not None and proc.returncode != expect_code:
        raise AssertionError(f"exit {proc.returncode}, expected {expect_code}: {proc.stderr[:1000]}")
    return json.loads(proc.stdout)


def endpoints(report):
    return {(e["host"].split(".")[0], e["port"]): e for e in report["endpoints"]}


def expect(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message)


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def run_cases():
    only = os.environ.get("EMREADY_CASE")  # run one case while working on it
    for fn in CASES:
        if only and fn.__name__ != only:
            continue
        try:
            fn()
            print("ok  ", fn.__name__)
        except Exception as e:  # report and go on
            failures.append(f"{fn.__name__}: {e!r}")
            print("FAIL", fn.__name__, repr(e))


@case
def every_fault_maps_to_its_verdict():
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles)
        with lab.serve(EMREADY, scenario(), profiles_dir=profiles) as ready:
            report = check(ready, profiles, expect_code=1)
    seen = endpoints(report)
    invalid = problems(report, "check")
    expect(not invalid, f"the check document breaks schemas/check.schema.json: {invalid[:5]}")
    expect(report["options"]["lab_overrides"] is True, "a lab run says it is not a production check")
    for name, verdict in EXPECTED.items():
        got = seen[(name, 443)]["verdict"]
        expect(got == verdict, f"{name}: verdict {got}, expected {verdict}: {seen[(name, 443)]['evidence']}")
    inspection = seen[("inspection", 443)]
    expect(inspection.get("interception") == "Palo Alto Networks", f"interception: {inspection}")
    expect(any("TLS interception suspected" in e for e in inspection["evidence"]), "interception evidence")
    client = seen[("client-cert", 443)]
    expect(any("client certificate requested" in e for e in client["evidence"]), f"client cert: {client['evidence']}")
    chain = seen[("large-chain", 443)]["observations"][0]["tls"]["chain"]
    expect(len(chain) >= 13, f"large chain has {len(chain)} certificates")
    delay = seen[("delay", 443)]["observations"][0]
    expect(delay["total_ms"] >= 300, f"delay took {delay['total_ms']} ms")
    old = seen[("old-protocol", 443)]["observations"][0]["tls"]["version"]
    expect(old in ("TLSv1", "TLSv1.1"), f"old protocol version {old}")
    close = seen[("close", 443)]["evidence"]
    expect("closed right after the ClientHello" in close[0] and "SNI" in close[0], f"close evidence {close}")
    expect(any("TLS handshake failed" in e for e in close), f"close evidence {close}")
    reset = seen[("reset", 443)]["evidence"]
    expect("reset right after the ClientHello" in reset[0], f"reset evidence {reset}")
    incomplete = seen[("missing-intermediate", 443)]["evidence"]
    expect("without that intermediate CA" in incomplete[0] and "incomplete chain" in incomplete[1],
           f"missing intermediate evidence {incomplete}")
    expect(host("missing-intermediate") not in report["tls_inspection_bypass"],
           "a bypass does not fix an incomplete chain")
    ok = seen[("ok", 443)]
    answers = ok["dns"]["answers"]
    expect(answers[0]["addresses"] and answers[0]["status"] == "NOERROR", f"answers {answers}")
    expect(ok["observations"][0]["tls"]["version"] == "TLSv1.3", "TLS 1.3 on the healthy endpoint")
    either = [seen[("either-port", 443)]["verdict"], seen[("either-port", 8883)]["verdict"]]
    expect(either == ["tcp-refused", "ok"], f"either-port results {either}")
    expect(seen[("either-port", 443)]["host_verdict"] == "ok", "one of 443/8883 is enough")
    missing = {h for rule in report["missing_rules"] for h in rule["hosts"]}
    expect(host("refuse") in missing and host("drop") in missing, f"missing rules {missing}")
    expect(host("ok") not in missing and host("either-port") not in missing, "no rule for working hosts")
    expect(host("inspection") in report["tls_inspection_bypass"], "bypass list names the intercepted host")
    expect(report["agents"][0]["ready"] is False, "the agent is not ready")


@case
def healthy_cca_site_is_ready_with_mqtt_alpn():
    s = {"agents": ["cca"], "address_base": "127.61.0.0",
         "port_map": {443: BASE + 2, 8883: BASE + 3}}
    with lab.serve(EMREADY, s) as ready:
        report = check(ready, None, "--accept-range", "127.61.0.0/16", agent="cca",
                       expect_code=0)
    expect(report["ready"] is True, "cca ready")
    iot = [e for e in report["endpoints"] if ".iot." in e["host"] and e["port"] == 443]
    expect(iot and iot[0]["observations"][0]["tls"]["alpn"] == "x-amzn-mqtt-ca",
           f"MQTT on 443 negotiates ALPN x-amzn-mqtt-ca: {iot and iot[0]['observations'][0]['tls']}")


@case
def refused_mqtt_alpn_on_443_says_what_works_instead():
    """MQTT on 443 needs ALPN x-amzn-mqtt-ca; a server (or filter) that refuses it fails the
    endpoint with tls-alpn-refused and says to use 8883; the same host's HTTPS is fine."""
    with tempfile.TemporaryDirectory() as profiles:
        with open(os.path.join(profiles, "alpn.yaml"), "w") as f:
            f.write(f"agent: alpn\ntitle: MQTT over 443\nendpoints:\n"
                    f"  - host: {host('mqtt')}\n    ports: [443]\n    protocol: mqtt-tls\n"
                    f"  - host: {host('web')}\n    ports: [443]\n    protocol: https\n")
        s = {"agents": ["alpn"], "address_base": "127.60.0.0", "port_map": {443: BASE},
             "hosts": {host("mqtt"): {"tls": "alpn-refused"}, host("web"): {"tls": "alpn-refused"}}}
        with lab.serve(EMREADY, s, profiles_dir=profiles) as ready:
            report = check(ready, profiles, agent="alpn", expect_code=1)
    seen = endpoints(report)
    mqtt = seen[("mqtt", 443)]
    expect(mqtt["verdict"] == "tls-alpn-refused", f"mqtt: {mqtt['verdict']} {mqtt['evidence']}")
    expect("MQTT over port 443 will fail" in mqtt["evidence"][0] and "8883" in mqtt["evidence"][1],
           f"mqtt evidence: {mqtt['evidence']}")
    expect(seen[("web", 443)]["verdict"] == "ok", f"https offers http/1.1: {seen[('web', 443)]}")


@case
def proxy_verdicts():
    names = ["ok", "refuse", "inspection", "drop"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        allow = os.path.join(profiles, "allow.acl")
        with open(allow, "w") as f:
            f.write(f"acl em dstdomain {host('ok')} {host('inspection')} {host('drop')}\n")
        proxy = {"port": 0, "allowlist": allow, "dialect": "squid", "product": "squid/5.7"}
        with lab.serve(EMREADY, scenario(names, proxy=proxy), profiles_dir=profiles) as ready:
            report = check(ready, profiles, "--proxy", ready["proxy"], expect_code=1)
            seen = endpoints(report)
            expect(seen[("ok", 443)]["verdict"] == "ok", f"ok through the tunnel: {seen[('ok', 443)]['evidence']}")
            expect(seen[("ok", 443)]["dns"]["proxied"], "no local DNS through a proxy")
            denied = seen[("refuse", 443)]
            expect(denied["verdict"] == "proxy-denied", f"denied: {denied['verdict']}")
            expect(any("403" in e for e in denied["evidence"]) and any("Via:" in e for e in denied["evidence"]),
                   f"denied evidence {denied['evidence']}")
            expect(seen[("inspection", 443)]["verdict"] == "tls-untrusted", "interception through the tunnel")
            dropped = seen[("drop", 443)]
            expect(dropped["verdict"] == "tcp-timeout" and "did not answer CONNECT" in dropped["evidence"][0],
                   f"upstream drop behind the proxy: {dropped['verdict']} {dropped['evidence']}")
            proposed = json.dumps(report["missing_rules"])
            expect(host("drop") not in proposed, f"the proxy allowed the dropped host: no rule {proposed}")
            expect(host("refuse") in proposed or f".{DOMAIN}" in proposed, f"the denied one gets its rule {proposed}")
        proxy["auth"] = "user:secret"
        with lab.serve(EMREADY, scenario(names, proxy=proxy), profiles_dir=profiles) as ready:
            report = check(ready, profiles, "--proxy", ready["proxy"], expect_code=1)
            expect(endpoints(report)[("ok", 443)]["verdict"] == "proxy-auth-required", "407 without credentials")
            with_auth = ready["proxy"].replace("http://", "http://user:secret@")
            report = check(ready, profiles, "--proxy", with_auth)
            expect(endpoints(report)[("ok", 443)]["verdict"] == "ok", "407 solved by credentials")
            expect("secret" not in json.dumps(report), "credentials never appear in reports")
            gone = dict(ready, ca_file=shutil.copy(ready["ca_file"], profiles))
        report = check(gone, profiles, "--proxy", ready["proxy"], expect_code=1)
        expect(endpoints(report)[("ok", 443)]["verdict"] == "proxy-unreachable", "proxy gone")


@case
def deadline_stops_the_run():
    names = ["ok", "silent"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        with lab.serve(EMREADY, scenario(names), profiles_dir=profiles) as ready:
            report = check(ready, profiles, "--tls-timeout", "30", "--deadline", "1.5", expect_code=1)
    seen = endpoints(report)
    expect(seen[("ok", 443)]["verdict"] == "ok", "finished probes keep their verdict")
    expect(seen[("silent", 443)]["verdict"] == "not-run", f"silent: {seen[('silent', 443)]['verdict']}")
    expect(report["elapsed_ms"] < 5000, f"deadline respected: {report['elapsed_ms']} ms")


@case
def dual_stack_probes_every_address_of_each_family():
    """A gives the lab listener, AAAA gives ::1 where nothing listens: IPv4 carries the
    endpoint (its IPv6 failure shown in the evidence), -6 alone fails it, -4 never dials IPv6."""
    names = ["ok"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        s = scenario(names)
        s["address_base"] = "127.62.0.0"  # host 1 listens on 127.62.0.1 (docs/lab.md)
        s["hosts"] = {host("ok"): {"addresses": ["127.62.0.1", "::1"]}}
        with lab.serve(EMREADY, s, profiles_dir=profiles) as ready:
            ranges = ["--accept-range", "127.62.0.0/16", "--accept-range", "::1/128"]
            both = endpoints(check(ready, profiles, *ranges, expect_code=0))[("ok", 443)]
            only6 = endpoints(check(ready, profiles, "-6", "--device-family", "ipv6", *ranges,
                                    expect_code=1))[("ok", 443)]
            only4 = endpoints(check(ready, profiles, "-4", *ranges, expect_code=0))[("ok", 443)]
    families = sorted(o["family"] for o in both["observations"])
    expect(families == [4, 6], f"one observation per address: {both['observations']}")
    expect(both["verdict"] == "ok", f"dual stack: {both['verdict']} {both['evidence']}")
    expect(any("IPv6 fails (tcp-refused); information only" in e for e in both["evidence"]),
           f"IPv6 failure shown: {both['evidence']}")
    expect(only6["verdict"] == "tcp-refused", f"-6: {only6['verdict']} {only6['evidence']}")
    expect([o["family"] for o in only4["observations"]] == [4], f"-4: {only4['observations']}")


XSD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "junit.xsd")


def junit(ready, profiles, names, *args):
    """Runs check --format junit and validates the file with xmllint against tests/data/junit.xsd."""
    with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as f:
        path = f.name
    cmd = [EMREADY, "--profiles", profiles, "check", "--agent", "e2e", "--format", "junit", "-o", path,
           "--ca-file", ready["ca_file"], "--accept-range", "127.60.0.0/16", "--dns-server", ready["dns"],
           "--port-map", ready["port_map"], "--no-proxy", "--tcp-timeout", "1", "--tls-timeout", "1", *args]
    code = subprocess.run(cmd, capture_output=True, text=True, timeout=60).returncode
    valid = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True, text=True)
    with open(path) as f:
        text = f.read()
    os.unlink(path)
    return code, valid, text


@case
def junit_validates_and_never_fails_a_ready_site():
    import xml.etree.ElementTree as ET
    for names, expected_code in ((["ok"], 0), (["either-port"], 0), (["ok", "refuse", "silent"], 1)):
        with tempfile.TemporaryDirectory() as profiles:
            write_profile(profiles, names=names)
            with lab.serve(EMREADY, scenario(names), profiles_dir=profiles) as ready:
                code, valid, text = junit(ready, profiles, names)
        expect(valid.returncode == 0, f"{names}: xmllint --schema junit.xsd: {valid.stderr[:800]}")
        expect(code == expected_code, f"{names}: exit {code}")
        root = ET.fromstring(text)
        failures = int(root.get("failures"))
        expect((failures == 0) == (expected_code == 0), f"{names}: failures={failures}, exit {code}")
        if names == ["either-port"]:
            cases = root.findall(".//testcase")
            expect([c.get("name") for c in cases] == [f"{host('either-port')}:443|8883"], f"one case: {text[:600]}")
            out = cases[0].find("system-out")
            expect(out is not None and "port 443: tcp-refused" in out.text, f"the failing port told: {text[:900]}")


@case
def the_diagnosis_comes_first_in_every_format():
    names = ["ok", "sinkhole", "sinkhole2", "refuse"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        with lab.serve(EMREADY, scenario(names), profiles_dir=profiles) as ready:
            report = check(ready, profiles, expect_code=1)
            outputs = {}
            for form in ("text", "markdown", "junit"):
                outputs[form] = subprocess.run(
                    [EMREADY, "--profiles", profiles, "check", "--agent", "e2e", "--format", form,
                     "--ca-file", ready["ca_file"], "--accept-range", "127.60.0.0/16", "--dns-server", ready["dns"],
                     "--port-map", ready["port_map"], "--no-proxy"], capture_output=True, text=True, timeout=60).stdout
    causes = report["diagnosis"]
    expect([c["kind"] for c in causes] == ["dns-filter"], f"diagnosis: {causes}")
    expect(sorted(causes[0]["endpoints"]) == sorted([f"{host('sinkhole')}:443", f"{host('sinkhole2')}:443"]),
           f"explains both sinkholes: {causes}")
    expect(report["unexplained"] == [f"{host('refuse')}:443: tcp-refused"], f"the rest: {report['unexplained']}")
    text = outputs["text"]
    expect("Diagnosis:" in text and text.index("Diagnosis:") < text.index("HOST"), f"text: {text[:800]}")
    expect("## Diagnosis" in outputs["markdown"] and
           outputs["markdown"].index("## Diagnosis") < outputs["markdown"].index("## Endpoints"), "markdown")
    expect('name="diagnosis"' in outputs["junit"], "junit property")


@case
def a_wrong_clock_is_diagnosed_from_a_servers_date():
    # faketime (libfaketime) runs emready 400 days ahead; the lab keeps the real time and
    # says so in its Date header. The healthy host's certificate then looks expired and the
    # clock explains it; the really expired one stays the server's fault.
    if shutil.which("faketime") is None:
        raise AssertionError("faketime is missing (packaging/debian-build-deps.txt)")
    # libfaketime is preloaded: an ASan build must accept a library before its runtime; the
    # monotonic clock (timeouts, elapsed) stays real.
    fake_env = {"ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0",
                "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    names = ["ok", "expired"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        with lab.serve(EMREADY, scenario(names), profiles_dir=profiles) as ready:
            skewed = check(ready, profiles, expect_code=1, prefix=("faketime", "-f", "+400d"), env_extra=fake_env)
            right = check(ready, profiles, expect_code=1)
            text = subprocess.run(
                ["faketime", "-f", "+400d", EMREADY, "--profiles", profiles, "check", "--agent", "e2e",
                 "--ca-file", ready["ca_file"], "--accept-range", "127.60.0.0/16", "--dns-server", ready["dns"],
                 "--port-map", ready["port_map"], "--no-proxy"], capture_output=True, text=True, timeout=60,
                env={**os.environ, **fake_env}).stdout
    seen = endpoints(skewed)
    expect(seen[("ok", 443)]["verdict"] == "tls-expired", f"ok under +400 days: {seen[('ok', 443)]['verdict']}")
    clock = skewed["clock"]
    expect(clock is not None and abs(clock["skew_s"] - 400 * 86400) < 600, f"skew: {clock}")
    causes = skewed["diagnosis"]
    expect(causes and causes[0]["kind"] == "clock-skew", f"the clock comes first: {causes}")
    if causes and causes[0]["kind"] == "clock-skew":
        expect(causes[0]["endpoints"] == [f"{host('ok')}:443"], f"explains the healthy one only: {causes[0]}")
        expect("400 days ahead of" in causes[0]["summary"], causes[0]["summary"])
    expect(f"{host('expired')}:443: tls-expired" in skewed["unexplained"], f"unexplained: {skewed['unexplained']}")
    expect("Diagnosis:" in text and "clock is 400 days ahead" in text, f"text: {text[:600]}")
    # With a right clock: compared, found to agree, said in the method notes; no skew blamed.
    expect(right["clock"] is not None and abs(right["clock"]["skew_s"]) <= 60, f"right clock: {right['clock']}")
    expect(not any(c["kind"] == "clock-skew" for c in right["diagnosis"]), f"no skew: {right['diagnosis']}")
    expect(any("agree within" in note for note in right["notes"]), f"notes: {right['notes']}")


@case
def diff_tells_what_regressed_and_what_was_fixed():
    names = ["ok", "either-port"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        runs = {}
        for key, hosts in (("good", {}), ("bad", {host("ok"): {"tls": "refuse"}})):
            s = scenario(names)
            s["hosts"].update(hosts)
            with lab.serve(EMREADY, s, profiles_dir=profiles) as ready:
                runs[key] = os.path.join(profiles, f"{key}.json")
                with open(runs[key], "w") as f:
                    json.dump(check(ready, profiles), f)
        worse = subprocess.run([EMREADY, "diff", runs["good"], runs["bad"], "--format", "json"],
                               capture_output=True, text=True, timeout=60)
        better = subprocess.run([EMREADY, "diff", runs["bad"], runs["good"]], capture_output=True, text=True, timeout=60)
        same = subprocess.run([EMREADY, "diff", runs["good"], runs["good"]], capture_output=True, text=True, timeout=60)
        broken = os.path.join(profiles, "broken.json")
        with open(broken, "w") as f:
            f.write('{"document": "check",\n "schema_version": 1.0}\n')
        bad_type = subprocess.run([EMREADY, "diff", runs["good"], broken], capture_output=True, text=True, timeout=60)
        with open(broken, "w") as f:
            f.write('{"document": "check",\n  "endpoints": [,]}\n')
        bad_json = subprocess.run([EMREADY, "diff", runs["good"], broken], capture_output=True, text=True, timeout=60)
        with open(runs["bad"]) as f:
            doc = json.load(f)
        doc["schema_version"] = "2.0"
        other = os.path.join(profiles, "v2.json")
        with open(other, "w") as f:
            json.dump(doc, f)
        major = subprocess.run([EMREADY, "diff", runs["good"], other], capture_output=True, text=True, timeout=60)
    expect(worse.returncode == 1, f"a regression exits 1: {worse.returncode} {worse.stderr}")
    report = json.loads(worse.stdout)
    expect(not problems(report, "diff"), f"diff document: {problems(report, 'diff')[:3]}")
    changes = {e["endpoint"]: e for e in report["endpoints"]}
    expect(changes[f"{host('ok')}:443"]["change"] == "newly-failing" and
           changes[f"{host('ok')}:443"]["new_verdict"] == "tcp-refused", f"changes: {changes}")
    expect(report["agents"] == [{"agent": "e2e", "was_ready": True, "is_ready": False}], f"agents: {report['agents']}")
    expect(better.returncode == 0 and "fixed" in better.stdout, f"a fix exits 0: {better.returncode} {better.stdout}")
    expect(same.returncode == 0 and "0 changes" in same.stdout, f"no change: {same.stdout}")
    expect(bad_type.returncode == 2 and "at /schema_version: must be a string" in bad_type.stderr, bad_type.stderr)
    expect(bad_json.returncode == 2 and "broken.json:2:" in bad_json.stderr, bad_json.stderr)
    expect(major.returncode == 2 and "their majors differ" in major.stderr, major.stderr)


@case
def probes_go_from_the_source_address_given():
    """--source-address and --interface bind DNS queries and probes; each observation records
    the address it was sent from; an address or interface this machine lacks is bad input."""
    names = ["ok"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        with lab.serve(EMREADY, scenario(names), profiles_dir=profiles) as ready:
            bound = endpoints(check(ready, profiles, "--source-address", "127.0.0.5", expect_code=0))[("ok", 443)]
            via_lo = endpoints(check(ready, profiles, "--interface", "lo", expect_code=0))[("ok", 443)]
            text = subprocess.run([EMREADY, "--profiles", profiles, "check", "--agent", "e2e",
                                   "--ca-file", ready["ca_file"], "--dns-server", ready["dns"],
                                   "--port-map", ready["port_map"], "--no-proxy", "--accept-range", "127.60.0.0/16",
                                   "--source-address", "127.0.0.5"], capture_output=True, text=True, timeout=60)
        for bad, message in ((["--source-address", "10.9.9.9"], "this machine has no such address"),
                             (["--interface", "nosuch0"], "no such interface"),
                             (["--source-address", "::1"], "but the devices use IPv4")):
            proc = subprocess.run([EMREADY, "check", *bad], capture_output=True, text=True, timeout=60)
            expect(proc.returncode == 2 and message in proc.stderr, f"{bad}: {proc.returncode} {proc.stderr}")
    expect([o.get("source_address") for o in bound["observations"]] == ["127.0.0.5"],
           f"source recorded: {bound['observations']}")
    expect(via_lo["observations"][0].get("source_address", "").startswith("127."), f"lo: {via_lo['observations']}")
    expect("sent from --source-address 127.0.0.5" in text.stdout, f"method line: {text.stdout[:600]}")


@case
def unreachable_route_in_a_network_namespace():
    """ICMP-style failures need a route we control: a private user+network namespace."""
    if shutil.which("unshare") is None or shutil.which("ip") is None or \
            subprocess.run(["unshare", "-rn", "true"]).returncode != 0:
        print("     (no user/network namespaces here: unreachable tested by unit tests only)")
        return
    names = ["ok"]
    with tempfile.TemporaryDirectory() as profiles:
        write_profile(profiles, names=names)
        s = scenario(names)
        s["hosts"] = {host("ok"): {"addresses": ["10.254.0.1"]}}
        with open(os.path.join(profiles, "scenario.json"), "w") as f:
            json.dump(s, f)
        script = f"""set -e
ip link set lo up
ip route add unreachable 10.254.0.0/16
{sys.executable} {os.path.abspath(__file__)} --inner {EMREADY} {profiles}
"""
        proc = subprocess.run(["unshare", "-rn", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    expect(proc.returncode == 0, f"namespace run: {proc.stdout[-1500:]} {proc.stderr[-1500:]}")


def inner(profiles):
    """Runs inside the namespace: the host resolves to a private address with no route."""
    with open(os.path.join(profiles, "scenario.json")) as f:
        s = json.load(f)
    with lab.serve(EMREADY, s, profiles_dir=profiles) as ready:
        report = check(ready, profiles, expect_code=1)
    e = endpoints(report)[("ok", 443)]
    assert e["verdict"] == "tcp-unreachable", e
    assert any("10.254.0.1" in w for w in e["warnings"]), e["warnings"]  # private answer flagged
    print("inner ok")


if INNER:
    inner(sys.argv[3])
    sys.exit(0)
run_cases()
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
