"""`emready lab serve` checked from the outside with real tools: DNS over UDP/TCP, every TLS
fault with `openssl s_client`, the CONNECT proxy on a raw socket. Loopback only, no root:
address_base 127.11.0.0 and high ports keep it apart from other tests."""
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish  # noqa: E402
import lab  # noqa: E402

EMREADY = sys.argv[1]
FAULTS = ["ok", "refuse", "drop", "silent", "close", "delay", "inspection", "expired",
          "not-yet-valid", "wrong-name", "old-protocol", "client-cert", "large-chain"]
DNS_FAULTS = ["nxdomain", "servfail", "timeout", "refused", "nodata"]


def fault_host(fault):
    return f"{fault}.tls.lab.test"


SCENARIO = {
    "agents": ["cca"],
    "address_base": "127.11.0.0",
    "port_map": {443: 31443, 8883: 31883},
    "extra_hosts": [fault_host(f) for f in FAULTS] + [f"{f}.dns.lab.test" for f in DNS_FAULTS]
    + ["sinkhole.lab.test", "dual.lab.test"],
    "hosts": {
        **{fault_host(f): {"tls": f} for f in FAULTS},
        **{f"{f}.dns.lab.test": {"dns": f} for f in DNS_FAULTS},
        fault_host("delay"): {"tls": "delay", "delay_ms": 1500},
        fault_host("large-chain"): {"tls": "large-chain", "chain_length": 12},
        "sinkhole.lab.test": {"addresses": ["0.0.0.0"]},
        "dual.lab.test": {"addresses": ["127.11.9.9", "2001:db8::5"], "tls": {443: "ok", 8883: "refuse"}},
    },
    "proxy": {"port": 0, "allowlist": "allow.txt", "dialect": "squid", "auth": "user:secret",
              "product": "squid/5.7"},
}
ALLOW = ".tls.lab.test\n.dns.lab.test\nunresolvable.example.com\n"

ctx = lab.serve(EMREADY, SCENARIO, files={"allow.txt": ALLOW})
READY = ctx.__enter__()
DNS = lab.address(READY["dns"])
HOSTS = READY["hosts"]


def s_client(host, *extra, port=31443, timeout=20):
    """Runs openssl s_client against `host`'s lab address; returns (exit, output)."""
    args = ["openssl", "s_client", "-connect", f"{HOSTS[host]}:{port}", "-servername", host,
            "-CAfile", READY["ca_file"], *extra]
    try:
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    return proc.returncode, proc.stdout + proc.stderr


def verify_code(output):
    for line in output.splitlines():
        if "Verify return code:" in line:
            return int(line.split(":")[1].split()[0])
    return None


@case
def ready_line_reports_everything():
    for key in ["ready", "pid", "dns", "proxy", "ca_file", "inspection_ca_file", "state",
                "port_map", "hosts"]:
        check(key in READY, f"{key} missing: {READY}")
    check(READY["port_map"] == "443=31443,8883=31883", READY["port_map"])
    check(READY["hosts"]["ok.tls.lab.test"].startswith("127.11.0."), READY["hosts"])
    check("gw.srv.ygles.com" in HOSTS or any(h.endswith("ygles.com") for h in HOSTS), HOSTS)
    check(os.path.exists(READY["ca_file"]) and os.path.exists(READY["inspection_ca_file"]), READY)


@case
def dns_answers_served_hosts_authoritatively():
    host = "ok.tls.lab.test"
    rcode, aa, answers = lab.dns_query(DNS, host)
    check(rcode == 0 and aa and answers == [socket.inet_aton(HOSTS[host])], (rcode, aa, answers))
    check(lab.dns_query(DNS, "OK.Tls.Lab.Test.")[2] == answers, "case and trailing dot")
    rcode, aa, answers = lab.dns_query(DNS, host, qtype=28)
    check((rcode, answers) == (0, []), "AAAA is NODATA")
    check(lab.dns_query(DNS, "nowhere.example.com")[:2] == (3, True), "NXDOMAIN, authoritative")
    check(lab.dns_query(DNS, host, tcp=True)[2] == [socket.inet_aton(HOSTS[host])], "TCP")


@case
def dns_faults():
    expected = {"nxdomain": 3, "servfail": 2, "refused": 5, "nodata": 0}
    for fault, rcode in expected.items():
        reply = lab.dns_query(DNS, f"{fault}.dns.lab.test")
        check(reply is not None and reply[0] == rcode and reply[2] == [], (fault, reply))
    check(lab.dns_query(DNS, "timeout.dns.lab.test", timeout=1.0) is None, "timeout: no reply")


@case
def dns_address_overrides():
    check(lab.dns_query(DNS, "sinkhole.lab.test")[2] == [socket.inet_aton("0.0.0.0")], "sinkhole")
    check(lab.dns_query(DNS, "dual.lab.test")[2] == [socket.inet_aton("127.11.9.9")], "A")
    v6 = socket.inet_pton(socket.AF_INET6, "2001:db8::5")
    check(lab.dns_query(DNS, "dual.lab.test", qtype=28)[2] == [v6], "AAAA")


@case
def tls_ok_verifies_with_the_lab_ca():
    host = fault_host("ok")
    code, out = s_client(host, "-verify_hostname", host, "-alpn", "x-amzn-mqtt-ca,http/1.1")
    check(verify_code(out) == 0, out)
    check("ALPN protocol: x-amzn-mqtt-ca" in out, out)
    code, out = s_client(host, "-alpn", "h2,http/1.1", "-tls1_2")
    check(verify_code(out) == 0 and "ALPN protocol: http/1.1" in out, out)


@case
def tls_certificate_faults_have_their_verify_codes():
    check(verify_code(s_client(fault_host("expired"))[1]) == 10, "expired → 10")
    check(verify_code(s_client(fault_host("not-yet-valid"))[1]) == 9, "not yet valid → 9")
    host = fault_host("wrong-name")
    out = s_client(host, "-verify_hostname", host)[1]
    check(verify_code(out) == 62, f"hostname mismatch → 62: {out}")
    out = s_client(fault_host("inspection"))[1]
    check(verify_code(out) not in (0, None), f"inspection must be untrusted: {out}")
    check("Palo Alto Networks Forward Trust CA" in out, out)


@case
def tls_large_chain_verifies():
    out = s_client(fault_host("large-chain"), "-showcerts")[1]
    check(verify_code(out) == 0, out)
    check(out.count("-----BEGIN CERTIFICATE-----") == 13, "leaf + 12 intermediates")


@case
def tls_old_protocol_speaks_only_tls_1_1():
    host = fault_host("old-protocol")
    out = s_client(host, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")[1]
    check("Protocol  : TLSv1.1" in out or "TLSv1.1" in out, out)
    check(verify_code(out) == 0, out)
    code, out = s_client(host, "-tls1_2")
    check(code != 0 and "Cipher is (NONE)" in out, f"TLS 1.2 must fail: {out}")


@case
def tls_client_cert_is_required():
    host = fault_host("client-cert")
    check("alert handshake failure" in s_client(host, "-tls1_2")[1], "TLS 1.2: alert 40")
    # TLS 1.3: the client's handshake ends before the server judges its certificate, so wait
    # for the server (-ign_eof) instead of quitting at stdin's end before the alert arrives.
    check("alert certificate required" in s_client(host, "-tls1_3", "-ign_eof")[1],
          "TLS 1.3: alert 116")
    state = READY["state"]
    out = s_client(host, "-cert", os.path.join(state, "lab-ca.pem"),
                   "-key", os.path.join(state, "lab-ca.key"))[1]
    check(verify_code(out) == 0 and "alert" not in out, f"any client certificate will do: {out}")


@case
def tls_delay_close_silent():
    start = time.monotonic()
    out = s_client(fault_host("delay"))[1]
    check(verify_code(out) == 0 and time.monotonic() - start >= 1.4, "delay")
    code, out = s_client(fault_host("close"))
    check(code != 0 and "no peer certificate available" in out and "unexpected eof" in out, out)
    with socket.create_connection((HOSTS[fault_host("silent")], 31443), timeout=2) as s:
        s.sendall(b"\x16\x03\x01\x00\x05hello")
        s.settimeout(1.5)
        try:
            data = s.recv(10)
            check(False, f"silent sent {data!r}")
        except socket.timeout:
            pass


@case
def tcp_refuse_and_drop():
    try:
        socket.create_connection((HOSTS[fault_host("refuse")], 31443), timeout=2).close()
        check(False, "refuse accepted a connection")
    except ConnectionRefusedError:
        pass
    start = time.monotonic()
    try:
        socket.create_connection((HOSTS[fault_host("drop")], 31443), timeout=2).close()
        check(False, "drop accepted a connection")
    except socket.timeout:
        check(time.monotonic() - start >= 1.9, "drop timed out early")


@case
def proxy_answers_like_squid():
    proxy = READY["proxy"]
    status, head, s = lab.proxy_connect(proxy, "ok.tls.lab.test:443")
    s.close()
    check(status == 407 and 'Proxy-Authenticate: Basic realm="emready-lab"' in head, head)
    check("Server: squid/5.7" in head and "Via: 1.1 emready-lab (squid/5.7)" in head, head)
    status, head, s = lab.proxy_connect(proxy, "ok.tls.lab.test:443", auth="user:wrong")
    s.close()
    check(status == 407, head)
    status, head, s = lab.proxy_connect(proxy, "kinesis.eu-central-1.amazonaws.com:443",
                                        auth="user:secret")
    s.close()
    check(status == 403 and "Connection: close" in head, head)
    status, head, s = lab.proxy_connect(proxy, "nxdomain.dns.lab.test:443", auth="user:secret")
    s.close()
    check(status == 503, head)
    status, head, s = lab.proxy_connect(proxy, "unresolvable.example.com:443", auth="user:secret")
    s.close()
    check(status == 503, head)
    status, head, s = lab.proxy_connect(proxy, "ok.tls.lab.test:443", auth="user:secret",
                                        method="GET")
    s.close()
    check(status == 405, head)


@case
def proxy_tunnels_tls_to_the_mapped_port():
    import ssl
    status, head, s = lab.proxy_connect(READY["proxy"], "ok.tls.lab.test:443", auth="user:secret")
    check(status == 200 and "Connection established" in head, head)
    context = ssl.create_default_context(cafile=READY["ca_file"])
    with context.wrap_socket(s, server_hostname="ok.tls.lab.test") as tls:
        tls.sendall(b"GET / HTTP/1.1\r\nHost: ok.tls.lab.test\r\n\r\n")
        data = b""
        while True:
            chunk = tls.recv(4096)
            if not chunk:
                break
            data += chunk
    check(b"200 OK" in data and b'"host":"ok.tls.lab.test"' in data, data)


@case
def a_client_vanishing_mid_handshake_does_not_hurt():
    for _ in range(20):
        with socket.create_connection((HOSTS[fault_host("ok")], 31443), timeout=2) as s:
            s.sendall(b"\x16\x03\x01\x02\x00\x01")
    check(verify_code(s_client(fault_host("ok"))[1]) == 0, "still serving")
    check(READY["_process"].poll() is None, "lab died")


@case
def sigterm_stops_with_exit_0():
    proc = READY["_process"]
    ctx.__exit__(None, None, None)
    check(proc.returncode == 0, f"exit {proc.returncode}")


def run_lab(scenario_text, extra=()):
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "s.yaml")
    with open(path, "w") as f:
        f.write(scenario_text)
    proc = subprocess.run([EMREADY, "lab", "serve", "--scenario", path, *extra],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


@case
def bad_scenarios_are_located_errors_with_exit_2():
    rc, _, err = run_lab("agents: [cca]\nhosts:\n  ok.example.com:\n    tls: expird\n")
    check(rc == 2 and "s.yaml:3:3" in err and "not a served host" in err, err)
    rc, _, err = run_lab("agents: [cca]\nextra_hosts: [a.lab.test]\nhosts:\n"
                         "  a.lab.test:\n    tls: expird\n")
    check(rc == 2 and "s.yaml:5:10: unknown TLS fault 'expird' (did you mean 'expired'?)" in err,
          err)
    rc, _, err = run_lab("agent: [cca]\n")
    check(rc == 2 and "unknown key 'agent'" in err and "did you mean 'agents'" in err, err)
    rc, _, err = run_lab("address_base: 10.0.0.0\n")
    check(rc == 2 and "s.yaml:1:15" in err and "127.0.0.0/8" in err, err)


@case
def a_port_in_use_is_exit_2_not_a_crash():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        rc, out, err = run_lab(f"agents: [cca]\naddress_base: 127.11.128.0\n"
                               f"port_map: {{443: 31443, 8883: 31883}}\ndns_port: {port}\n")
    check(rc == 2 and err.startswith("emready: error: ") and ".yaml:4:11: cannot bind UDP on 127.0.0.1:" in err
          and "(the port set by 'dns_port')" in err and out == "", err)


@case
def help_says_lab_only_with_an_example():
    proc = subprocess.run([EMREADY, "lab", "serve", "--help"], capture_output=True, text=True)
    check("NOT FOR PRODUCTION" in proc.stdout and "address_base:" in proc.stdout, proc.stdout)


finish()
