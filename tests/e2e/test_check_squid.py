#!/usr/bin/env python3
"""emready check through a real Squid (Debian's squid, 5.7), every case of issue 9 that a
plain Squid can show:

- upstream failures (refused, dropped, no route, name not found) are the far side's,
  reported by the proxy, never denials, and get no allow rule;
- a denial (http_access deny) is proxy-denied and does get the rule;
- authentication: Basic (basic_ncsa_auth), Digest (digest_file_auth) and NTLM
  (ntlm_fake_auth) through libcurl, the schemes offered named without credentials,
  "rejected" with a wrong password, a password file readable by others refused;
- the password appears in no output format and no message.

Runs itself inside a new network namespace (`unshare -n` as root, else `unshare -rn`): only
loopback exists there, so Squid cannot reach anything real. The lab
serves the healthy and the dropping endpoint on 127.70.0.0/16 port 443; Squid resolves names from a hosts
file this test writes (an unlisted name fails in Squid's own resolver: no DNS server exists).
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
from json_contract import problems  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
OPEN_PORT, AUTH_PORT, TLS_PORT, BUMP_PORT = 23128, 23129, 23443, 23130
DOMAIN = "squid.emready.test"
USER, PASSWORD = "alice", "Sq1d-p4ss-w0rd-7f3a"  # the secret every output is searched for
# name → the address Squid's hosts file gives it (None: unlisted, Squid cannot resolve it)
UPSTREAM = {
    "ok": "lab",                # the lab's healthy endpoint
    "refused": "127.0.0.9",     # nothing listens on 443
    "dropped": "lab",           # the lab's drop fault: a full accept queue, SYNs vanish
    "noroute": "10.254.0.1",    # an unreachable route
    "denied": "127.0.0.10",     # http_access deny
    "nowhere": None,
}
EXPECTED = {
    "ok": ("ok",),
    "refused": ("tcp-refused",),
    "dropped": ("tcp-timeout",),
    "noroute": ("tcp-unreachable",),
    "nowhere": ("dns-nxdomain", "proxy-upstream-failed"),
    "denied": ("proxy-denied",),
}

SQUID_CONF = """http_port 127.0.0.1:{open_port} name=open
http_port 127.0.0.1:{auth_port} name=auth
https_port 127.0.0.1:{tls_port} name=tls tls-cert={tmp}/proxy.pem tls-key={tmp}/proxy.key
http_port 127.0.0.1:{bump_port} name=bump ssl-bump tls-cert={tmp}/bump-ca.pem tls-key={tmp}/bump-ca.key generate-host-certificates=on dynamic_cert_mem_cache_size=4MB
sslcrtd_program /usr/lib/squid/security_file_certgen -s {tmp}/ssl_db -M 4MB
sslcrtd_children 2 startup=1 idle=1
acl bump_step1 at_step SslBump1
acl via_bump myportname bump
ssl_bump peek bump_step1 via_bump
ssl_bump bump via_bump
ssl_bump splice all
tls_outgoing_options cafile={lab_ca}
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
auth_param basic program /usr/lib/squid/basic_ncsa_auth {tmp}/basic.passwd
auth_param basic realm emready-test
auth_param digest program /usr/lib/squid/digest_file_auth {tmp}/digest.passwd
auth_param digest realm emready-test
auth_param ntlm program /usr/lib/squid/ntlm_fake_auth
acl via_auth myportname auth
acl authed proxy_auth REQUIRED
acl blocked dstdomain denied.{domain}
http_access deny blocked
http_access deny via_auth !authed
http_access allow all
coredump_dir {tmp}
shutdown_lifetime 0 seconds
"""


def name(short):
    return f"{short}.{DOMAIN}"


def write_profiles(directory):
    for agent, names in (("squid-site", list(UPSTREAM)), ("squid-auth", ["ok"])):
        lines = [f"agent: {agent}", "title: a site behind Squid", "endpoints:"]
        for short in names:
            lines += [f"  - host: {name(short)}", "    ports: [443]"]
        with open(os.path.join(directory, f"{agent}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")


def wait_for_squid(deadline=30.0):
    """Squid is ready when it answers a CONNECT at the HTTP level."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            status, _, s = lab.proxy_connect(f"127.0.0.1:{OPEN_PORT}", f"{name('refused')}:443", timeout=5)
            s.close()
            if status:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("squid did not answer CONNECT in time")


def openssl_apr1(password):
    return subprocess.run(["openssl", "passwd", "-apr1", password], capture_output=True, text=True,
                          check=True).stdout.strip()


def inner():
    for command in (["ip", "link", "set", "lo", "up"],
                    ["ip", "route", "add", "unreachable", "10.254.0.0/16"]):
        subprocess.run(command, check=True)
    tmp = tempfile.mkdtemp(prefix="emready-squid-")
    os.chmod(tmp, 0o755)
    profiles = os.path.join(tmp, "profiles")
    os.makedirs(profiles)
    write_profiles(profiles)
    squid = None
    runs = {}
    scenario = {"agents": ["squid-site"], "address_base": "127.70.0.0",
                "hosts": {name("dropped"): {"tls": "drop"}}}
    try:
        with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
            with open(os.path.join(tmp, "hosts"), "w") as f:
                for short, address in UPSTREAM.items():
                    if address:
                        f.write(f"{ready['hosts'][name(short)] if address == 'lab' else address} {name(short)}\n")
            with open(os.path.join(tmp, "basic.passwd"), "w") as f:
                f.write(f"{USER}:{openssl_apr1(PASSWORD)}\n")
            with open(os.path.join(tmp, "digest.passwd"), "w") as f:
                f.write(f"{USER}:{PASSWORD}\n")
            with open(os.path.join(tmp, "squid.conf"), "w") as f:
                f.write(SQUID_CONF.format(open_port=OPEN_PORT, auth_port=AUTH_PORT, tls_port=TLS_PORT,
                                          bump_port=BUMP_PORT, lab_ca=ready["ca_file"], tmp=tmp,
                                          domain=DOMAIN))
            # TLS interception: Squid's ssl_bump re-signs every server certificate with a CA
            # the test makes (as a corporate inspection CA), which the devices do not trust.
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-subj", "/CN=emready test inspection CA/O=Example Corp",
                            "-addext", "basicConstraints=critical,CA:TRUE",
                            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                            "-keyout", os.path.join(tmp, "bump-ca.key"), "-out", os.path.join(tmp, "bump-ca.pem")],
                           check=True, capture_output=True)
            os.chmod(os.path.join(tmp, "bump-ca.key"), 0o644)  # Squid reads it as user proxy
            subprocess.run(["/usr/lib/squid/security_file_certgen", "-c", "-s", os.path.join(tmp, "ssl_db"),
                            "-M", "4MB"], check=True, capture_output=True)
            # The https:// proxy's own certificate, for 127.0.0.1 (checked with --proxy-ca-file).
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                            "-nodes", "-days", "2", "-subj", "/CN=emready test proxy",
                            "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", os.path.join(tmp, "proxy.key"), "-out", os.path.join(tmp, "proxy.pem")],
                           check=True, capture_output=True)
            os.chmod(os.path.join(tmp, "proxy.key"), 0o644)  # Squid reads it as user proxy
            if os.geteuid() == 0:
                shutil.chown(tmp, user="proxy")  # Squid started as root works as user proxy
            squid = subprocess.Popen(["squid", "-N", "-f", os.path.join(tmp, "squid.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for_squid()
            good = os.path.join(tmp, "password")
            with open(good, "w") as f:
                f.write(PASSWORD + "\n")
            os.chmod(good, 0o600)
            wrong = os.path.join(tmp, "wrong")
            with open(wrong, "w") as f:
                f.write("not-the-password\n")
            os.chmod(wrong, 0o600)
            loose = os.path.join(tmp, "loose")
            shutil.copy(good, loose)
            os.chmod(loose, 0o644)

            def emready(key, agent, port, *args, env=None):
                cmd = [EMREADY, "--profiles", profiles, "check", "--agent", agent,
                       "--proxy", f"http://127.0.0.1:{port}", "--ca-file", ready["ca_file"],
                       "--dialect", "squid", "--tcp-timeout", "10", *args]
                if "--format" not in args:
                    cmd += ["--format", "json"]
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                                      env={**{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
                                           **(env or {})})
                runs[key] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}

            emready("site", "squid-site", OPEN_PORT, "--dns-server", ready["dns"])
            emready("bump", "squid-auth", BUMP_PORT)
            emready("no-credentials", "squid-auth", AUTH_PORT)
            for scheme in ("basic", "digest", "ntlm"):
                emready(scheme, "squid-auth", AUTH_PORT, "--proxy-user", USER, "--proxy-password-file", good,
                        "--proxy-auth", scheme)
            emready("any", "squid-auth", AUTH_PORT, "--proxy-user", USER, env={"EMREADY_PROXY_PASSWORD": PASSWORD})
            emready("rejected", "squid-auth", AUTH_PORT, "--proxy-user", USER, "--proxy-password-file", wrong,
                    "--proxy-auth", "basic")
            emready("loose", "squid-auth", AUTH_PORT, "--proxy-user", USER, "--proxy-password-file", loose)
            for form in ("text", "junit", "markdown"):
                emready(f"format-{form}", "squid-auth", AUTH_PORT, "--proxy-user", USER,
                        "--proxy-password-file", good, "--format", form)
            # An https:// proxy (a real Squid https_port): TLS to the proxy, its certificate
            # checked against --proxy-ca-file, or against this workstation's CAs (which do not
            # know the test's CA); the device's handshake inside that TLS.
            for key, extra in (("https-proxy", ["--proxy-ca-file", os.path.join(tmp, "proxy.pem")]),
                               ("https-proxy-untrusted", [])):
                proc = subprocess.run([EMREADY, "--profiles", profiles, "check", "--agent", "squid-auth",
                                       "--proxy", f"https://127.0.0.1:{TLS_PORT}", "--ca-file", ready["ca_file"],
                                       "--format", "json", *extra], capture_output=True, text=True, timeout=120)
                runs[key] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
            # Credentials in the URL, and a URL so malformed its message quotes it.
            proc = subprocess.run([EMREADY, "--profiles", profiles, "check", "--agent", "squid-auth",
                                   "--proxy", f"http://{USER}:{PASSWORD}@127.0.0.1:{AUTH_PORT}",
                                   "--ca-file", ready["ca_file"], "--format", "json"],
                                  capture_output=True, text=True, timeout=120)
            runs["in-url"] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
            proc = subprocess.run([EMREADY, "check", "--proxy", f"http://{USER}:{PASSWORD}@127.0.0.1"],
                                  capture_output=True, text=True, timeout=60)
            runs["bad-url"] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
    finally:
        if squid is not None:
            lab.stop(squid, timeout=15)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(runs))


def run_in_namespace():
    return lab.run_inner_in_namespace(__file__, EMREADY, mount=False, timeout=300)


if len(sys.argv) > 2 and sys.argv[2] == "--inner":
    inner()
    sys.exit(0)

if shutil.which("squid") is None:
    raise SystemExit("squid is needed (Debian package squid)")

RUNS = run_in_namespace()


def report(key):
    run = RUNS[key]
    try:
        return json.loads(run["stdout"])
    except json.JSONDecodeError:
        raise AssertionError(f"{key}: exit {run['code']}, not JSON: {run['stdout'][:300]} {run['stderr'][:500]}")


def endpoint(key, short="ok"):
    return {e["host"]: e for e in report(key)["endpoints"]}[name(short)]


@case
def squid_upstream_failures_are_the_far_side_not_denials():
    for short, verdicts in EXPECTED.items():
        e = endpoint("site", short)
        print(f"     {short}: {e['verdict']}: {e['evidence'][:2]}")
        check(e["verdict"] in verdicts, f"{short}: {e['verdict']} {e['evidence']}")
        if short not in ("ok", "denied"):
            check(e["evidence"][0].startswith("reported by the proxy"), f"{short}: evidence {e['evidence']}")
    invalid = problems(report("site"), "check") + problems(report("basic"), "check")
    check(not invalid, f"proxied check documents break the schema: {invalid[:5]}")
    refused = endpoint("site", "refused")
    check(any("X-Squid-Error: ERR_CONNECT_FAIL 111" in line for line in refused["evidence"]),
          f"Squid's error is shown: {refused['evidence']}")


@case
def a_name_the_proxy_cannot_resolve_is_checked_here_too():
    # Squid's hosts file lacks it; the lab's DNS (--dns-server) resolves it.
    e = endpoint("site", "nowhere")
    check(any("this machine's DNS resolves it to 127.70." in line and "the proxy's resolver disagrees" in line
              for line in e["evidence"]), f"both views: {e['evidence']}")


@case
def ssl_bump_interception_is_found_and_gets_the_bypass_list():
    report_ = report("bump")
    e = endpoint("bump")
    check(RUNS["bump"]["code"] == 1, f"not ready under interception: exit {RUNS['bump']['code']}")
    check(e["verdict"] == "tls-untrusted", f"{e['verdict']} {e['evidence']}")
    check(any("emready test inspection CA" in line for line in e["evidence"]), f"issuer named: {e['evidence']}")
    check(any("TLS interception suspected" in line for line in e["evidence"]), f"{e['evidence']}")
    check(name("ok") in report_["tls_inspection_bypass"], f"bypass list: {report_['tls_inspection_bypass']}")
    check(report_["missing_rules"] == [], f"no allow rule: the proxy allows it: {report_['missing_rules']}")
    check("ssl_bump splice" in report_["paste"], f"Squid's way to bypass: {report_['paste']}")


@case
def allow_rules_only_for_what_the_proxy_denied():
    site = report("site")
    check(RUNS["site"]["code"] == 1, f"not ready: exit {RUNS['site']['code']}")
    proposed = json.dumps(site["missing_rules"])
    check(name("denied") in proposed or f".{DOMAIN}" in proposed, f"the denied host gets its rule: {proposed}")
    for short in ("refused", "dropped", "noroute", "nowhere", "ok"):
        check(name(short) not in proposed, f"no rule for {short}, which the proxy allowed: {proposed}")


@case
def a_407_names_the_schemes_and_how_to_give_credentials():
    e = endpoint("no-credentials")
    check(RUNS["no-credentials"]["code"] == 1, "not ready without credentials")
    check(e["verdict"] == "proxy-auth-required", f"{e['verdict']} {e['evidence']}")
    check(all(s in e["evidence"][0] for s in ("Basic", "Digest", "NTLM")), f"schemes: {e['evidence'][0]}")
    check("--proxy-user" in e["evidence"][0], f"how to give them: {e['evidence'][0]}")
    check(report("no-credentials")["missing_rules"] == [], "no allow rule for a 407")


@case
def basic_digest_and_ntlm_authenticate_through_libcurl():
    for key in ("basic", "digest", "ntlm", "any"):
        e = endpoint(key)
        check(RUNS[key]["code"] == 0 and e["verdict"] == "ok",
              f"{key}: exit {RUNS[key]['code']}, {e['verdict']} {e['evidence']} {RUNS[key]['stderr'][:300]}")


@case
def wrong_password_is_rejected_credentials_not_a_missing_rule():
    e = endpoint("rejected")
    check(e["verdict"] == "proxy-auth-required", f"{e['verdict']} {e['evidence']}")
    check("rejected the credentials" in e["evidence"][0], f"evidence: {e['evidence']}")
    check(report("rejected")["missing_rules"] == [], "no allow rule")


@case
def a_password_file_others_can_read_is_refused():
    run = RUNS["loose"]
    check(run["code"] == 2, f"exit {run['code']}")
    check("can be read by others (mode 0644)" in run["stderr"], f"message: {run['stderr']}")


@case
def url_credentials_work_and_a_bad_url_hides_its_password():
    check(RUNS["in-url"]["code"] == 0, f"user:password@ in the URL: {RUNS['in-url']['stderr'][:300]}")
    check(endpoint("in-url")["verdict"] == "ok", "ok through the authenticating port")
    check(RUNS["bad-url"]["code"] == 2, f"a URL without a port is bad input: {RUNS['bad-url']}")
    check("***" in RUNS["bad-url"]["stderr"], f"redacted: {RUNS['bad-url']['stderr']}")


@case
def the_password_appears_in_no_output_and_no_message():
    for key, run in RUNS.items():
        for stream in ("stdout", "stderr"):
            check(PASSWORD not in run[stream], f"{key}: the password is in {stream}")
    for form in ("text", "junit", "markdown"):
        run = RUNS[f"format-{form}"]
        check(run["code"] == 0 and run["stdout"].strip(), f"{form}: exit {run['code']} {run['stderr'][:300]}")


@case
def an_https_proxy_is_reached_over_tls_and_its_certificate_checked():
    e = endpoint("https-proxy")
    check(RUNS["https-proxy"]["code"] == 0 and e["verdict"] == "ok",
          f"through https://: {e['verdict']} {e['evidence']} {RUNS['https-proxy']['stderr'][:300]}")
    check(e["observations"][0]["tls"]["chain"][0]["subject"].startswith("CN=ok."),
          f"the device's handshake reached the endpoint, inside the proxy's TLS: {e['observations'][0]['tls']}")
    bad = endpoint("https-proxy-untrusted")
    check(bad["verdict"] == "proxy-unreachable", f"untrusted proxy certificate: {bad['verdict']} {bad['evidence']}")
    check("certificate" in bad["evidence"][0].lower(), f"says why: {bad['evidence']}")


harness.finish()
