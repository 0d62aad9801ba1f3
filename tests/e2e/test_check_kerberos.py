#!/usr/bin/env python3
"""emready check --proxy-negotiate through a real Squid (Debian's squid, 5.7) that asks for
Kerberos (SPNEGO, "Proxy-Authenticate: Negotiate"), against a real MIT Kerberos KDC:

- with alice's ticket (kinit) libcurl answers the 407 with a Negotiate token for
  HTTP/proxy.emready.test, Squid's negotiate_kerberos_auth accepts it: the endpoint is ok;
- with no ticket (an empty ticket cache) the proxy rejects: proxy-auth-required naming Negotiate;
- without --proxy-negotiate: proxy-auth-required, the scheme offered (Negotiate) named.

Runs itself inside new network and mount namespaces (`unshare -nm` as root, else
`unshare -rnm`): only loopback exists, and /etc/hosts and /etc/krb5.conf are bind-mounted from
files this test writes, so every name resolves to loopback only and no real realm is reachable.
The realm EMREADY.TEST lives in a temporary directory (kdb5_util create -s), its KDC
(krb5kdc -n) listens on 127.0.0.1:28088, the lab serves the TLS endpoint on 127.72.0.0/16
port 443, and Squid resolves it from a hosts file this test writes.
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
KDC_PORT, SQUID_PORT = 28088, 23138
REALM = "EMREADY.TEST"
PROXY_HOST, KDC_HOST = "proxy.emready.test", "kdc.emready.test"
SERVICE = f"HTTP/{PROXY_HOST}@{REALM}"
ENDPOINT = "ok.krb.emready.test"
AGENT = "krb-site"
USER, PASSWORD = "alice", "Kerb-p4ss-w0rd-9c1e"  # the secret every output is searched for
MASTER = "master-key-for-the-test-realm"
# Full paths: /usr/sbin is often missing from a non-root PATH.
TOOLS = {tool: shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")
         for tool in ("kdb5_util", "kadmin.local", "krb5kdc", "kinit", "squid")}
HELPER = "/usr/lib/squid/negotiate_kerberos_auth"

KRB5_CONF = """[libdefaults]
    default_realm = {realm}
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    default_ccache_name = FILE:{tmp}/ccache-default
[realms]
    {realm} = {{
        kdc = 127.0.0.1:{port}
    }}
[domain_realm]
    .emready.test = {realm}
    emready.test = {realm}
"""
KDC_CONF = """[kdcdefaults]
    kdc_listen = 127.0.0.1:{port}
    kdc_tcp_listen = 127.0.0.1:{port}
[realms]
    {realm} = {{
        database_name = {tmp}/kdc/principal
        key_stash_file = {tmp}/kdc/stash
        acl_file = {tmp}/kdc/kadm5.acl
        kdc_listen = 127.0.0.1:{port}
        kdc_tcp_listen = 127.0.0.1:{port}
        max_life = 1h
    }}
[logging]
    kdc = FILE:{tmp}/kdc/kdc.log
    admin_server = FILE:{tmp}/kdc/kadmin.log
    default = FILE:{tmp}/kdc/krb5lib.log
"""
SQUID_CONF = """http_port 127.0.0.1:{port}
pid_filename {tmp}/squid.pid
cache_log {tmp}/cache.log
access_log none
cache deny all
cache_mem 8 MB
hosts_file {tmp}/squid-hosts
dns_nameservers 127.0.0.1
dns_timeout 2 seconds
connect_timeout 3 seconds
auth_param negotiate program {helper} -i -k {tmp}/http.keytab -s {service}
auth_param negotiate children 2 startup=1 idle=1
auth_param negotiate keep_alive on
acl authed proxy_auth REQUIRED
http_access allow authed
http_access deny all
coredump_dir {tmp}
shutdown_lifetime 0 seconds
"""


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def krb_env(tmp, **extra):
    """The environment of every Kerberos tool, Squid and emready: the test's realm only."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.startswith("KRB5")}
    env.update(KRB5_CONFIG=os.path.join(tmp, "krb5.conf"), KRB5_KDC_PROFILE=os.path.join(tmp, "kdc.conf"),
               KRB5RCACHETYPE="none")
    env.update(extra)
    return env


def make_realm(tmp):
    """The realm's database (kdb5_util create -s), alice, the proxy's service and its keytab."""
    os.makedirs(os.path.join(tmp, "kdc"))
    write(os.path.join(tmp, "kdc", "kadm5.acl"), "")
    env = krb_env(tmp)
    subprocess.run([TOOLS["kdb5_util"], "create", "-s", "-r", REALM, "-P", MASTER], env=env, check=True,
                   capture_output=True, timeout=30)
    keytab = os.path.join(tmp, "http.keytab")
    queries = (f"addprinc -pw {PASSWORD} {USER}\n"
               f"addprinc -randkey HTTP/{PROXY_HOST}\n"
               f"ktadd -k {keytab} HTTP/{PROXY_HOST}\n")
    proc = subprocess.run([TOOLS["kadmin.local"], "-r", REALM], input=queries, env=env, capture_output=True,
                          text=True, timeout=30)
    if proc.returncode != 0 or not os.path.exists(keytab):
        raise AssertionError(f"kadmin.local: {proc.returncode} {proc.stdout} {proc.stderr}")
    os.chmod(keytab, 0o600)
    if os.geteuid() == 0:
        shutil.chown(keytab, user="proxy")  # negotiate_kerberos_auth runs as user proxy
    return keytab


def kinit(tmp, cache, deadline=20.0):
    """The KDC is ready when kinit alice (the password on stdin) gets a ticket from it."""
    end = time.monotonic() + deadline
    last = ""
    while time.monotonic() < end:
        proc = subprocess.run([TOOLS["kinit"], f"{USER}@{REALM}"], input=PASSWORD + "\n", text=True,
                              capture_output=True, env=krb_env(tmp, KRB5CCNAME=cache), timeout=15)
        if proc.returncode == 0:
            return
        last = proc.stderr.strip()
        time.sleep(0.2)
    raise AssertionError(f"kinit did not get a ticket from the KDC in time: {last}")


def wait_for_squid(deadline=30.0):
    """Squid is ready when it answers a CONNECT at the HTTP level (407: it wants Negotiate)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            status, _, s = lab.proxy_connect(f"127.0.0.1:{SQUID_PORT}", f"{ENDPOINT}:443", timeout=5)
            s.close()
            if status:
                return status
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("squid did not answer CONNECT in time")


def tail(path, size=3000):
    try:
        with open(path, errors="replace") as f:
            return f.read()[-size:]
    except OSError as e:
        return f"({e})"


def inner():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    tmp = tempfile.mkdtemp(prefix="emready-krb-")
    os.chmod(tmp, 0o755)
    profiles = os.path.join(tmp, "profiles")
    os.makedirs(profiles)
    write(os.path.join(profiles, f"{AGENT}.yaml"),
          f"agent: {AGENT}\ntitle: a site behind a Kerberos proxy\nendpoints:\n"
          f"  - host: {ENDPOINT}\n    ports: [443]\n")
    # Names resolve to loopback only; no real realm's configuration is read.
    write(os.path.join(tmp, "hosts"), f"127.0.0.1 localhost {KDC_HOST} {PROXY_HOST}\n")
    subprocess.run(["mount", "--bind", os.path.join(tmp, "hosts"), "/etc/hosts"], check=True)
    write(os.path.join(tmp, "krb5.conf"), KRB5_CONF.format(realm=REALM, port=KDC_PORT, tmp=tmp))
    if os.path.exists("/etc/krb5.conf"):
        subprocess.run(["mount", "--bind", os.path.join(tmp, "krb5.conf"), "/etc/krb5.conf"], check=True)
    write(os.path.join(tmp, "kdc.conf"), KDC_CONF.format(realm=REALM, port=KDC_PORT, tmp=tmp))
    kdc = squid = None
    runs = {}
    timings = {}
    started = time.monotonic()
    try:
        make_realm(tmp)
        timings["realm"] = round(time.monotonic() - started, 2)
        kdc = subprocess.Popen([TOOLS["krb5kdc"], "-n", "-r", REALM], env=krb_env(tmp),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cache = f"FILE:{tmp}/alice.ccache"
        kinit(tmp, cache)
        timings["kdc"] = round(time.monotonic() - started, 2)
        scenario = {"agents": [AGENT], "address_base": "127.72.0.0"}
        with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
            write(os.path.join(tmp, "squid-hosts"), f"{ready['hosts'][ENDPOINT]} {ENDPOINT}\n")
            write(os.path.join(tmp, "squid.conf"),
                  SQUID_CONF.format(port=SQUID_PORT, tmp=tmp, helper=HELPER, service=SERVICE))
            if os.geteuid() == 0:
                shutil.chown(tmp, user="proxy")  # Squid started as root works as user proxy
            squid = subprocess.Popen([TOOLS["squid"], "-N", "-f", os.path.join(tmp, "squid.conf")],
                                     env=krb_env(tmp, KRB5_KTNAME=f"FILE:{tmp}/http.keytab"),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            runs["squid-first-answer"] = {"code": wait_for_squid()}
            timings["squid"] = round(time.monotonic() - started, 2)

            def emready(key, ccache, *args):
                cmd = [EMREADY, "--profiles", profiles, "check", "--agent", AGENT,
                       "--proxy", f"http://{PROXY_HOST}:{SQUID_PORT}", "--ca-file", ready["ca_file"],
                       "--tcp-timeout", "10", "--format", "json", *args]
                trace = os.path.join(tmp, f"trace-{key}.log")
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                                      env=krb_env(tmp, KRB5CCNAME=ccache, KRB5_TRACE=trace))
                runs[key] = {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr,
                             "trace": tail(trace)}

            emready("negotiate", cache, "--proxy-negotiate")
            # No ticket: libcurl's gss_init_sec_context() fails ("No credentials were supplied")
            # and curl sends the CONNECT again with no Proxy-Authorization at all: Squid's 407.
            emready("no-ticket", f"FILE:{tmp}/empty.ccache", "--proxy-negotiate")
            emready("no-credentials", cache)
            timings["checks"] = round(time.monotonic() - started, 2)
    finally:
        if squid is not None:
            lab.stop(squid, timeout=15)
        if kdc is not None:
            lab.stop(kdc, timeout=10)
        runs["logs"] = {"cache.log": tail(os.path.join(tmp, "cache.log"), 50000),
                        "kdc.log": tail(os.path.join(tmp, "kdc", "kdc.log"), 50000)}
        runs["timings"] = timings
        shutil.rmtree(tmp, ignore_errors=True)
        print(json.dumps(runs))


def run_in_namespace():
    return lab.run_inner_in_namespace(__file__, EMREADY, mount=True, timeout=55)


if len(sys.argv) > 2 and sys.argv[2] == "--inner":
    inner()
    sys.exit(0)

missing = [tool for tool, path in TOOLS.items() if path is None]
if missing or not os.path.exists(HELPER):
    raise SystemExit(f"needed: {missing or HELPER} (Debian packages krb5-kdc, krb5-admin-server, krb5-user, squid)")

RUNS = run_in_namespace()
if os.environ.get("EMREADY_TEST_VERBOSE"):
    print(json.dumps(RUNS, indent=1))
print(f"     timings (s): {RUNS['timings']}")


def diagnostics(key):
    run = RUNS[key]
    return (f"exit {run['code']}\nstdout: {run['stdout'][:1500]}\nstderr: {run['stderr'][:1500]}\n"
            f"KRB5_TRACE: {run['trace'][-1500:]}\ncache.log: {RUNS['logs']['cache.log'][-2000:]}\n"
            f"kdc.log: {RUNS['logs']['kdc.log'][-1000:]}")


def endpoint(key):
    run = RUNS[key]
    try:
        report = json.loads(run["stdout"])
    except json.JSONDecodeError:
        raise AssertionError(f"{key}: not JSON\n{diagnostics(key)}")
    return {e["host"]: e for e in report["endpoints"]}[ENDPOINT], report


@case
def squid_asks_for_credentials_before_anything_passes():
    check(RUNS["squid-first-answer"]["code"] == 407, f"first answer: {RUNS['squid-first-answer']}")


@case
def a_kerberos_ticket_opens_the_tunnel():
    e, _ = endpoint("negotiate")
    print(f"     negotiate: {e['verdict']}: {e['evidence'][:2]}")
    check(RUNS["negotiate"]["code"] == 0 and e["verdict"] == "ok", diagnostics("negotiate"))
    check(e["observations"][0]["proxy"]["auth_allowed"] == "negotiate", f"{e['observations'][0]['proxy']}")
    # The tunnel opened through Kerberos, not some other way: the KDC issued alice a ticket for
    # the proxy's service, and Squid's helper accepted it.
    check(f"{USER}@{REALM} for {SERVICE}" in RUNS["logs"]["kdc.log"], f"kdc.log: {RUNS['logs']['kdc.log']}")
    check(f"User {USER}@{REALM} authenticated" in RUNS["logs"]["cache.log"],
          f"cache.log: {RUNS['logs']['cache.log']}")


@case
def no_ticket_is_proxy_auth_required_naming_negotiate():
    e, report = endpoint("no-ticket")
    print(f"     no ticket: {e['verdict']}: {e['evidence'][:1]}")
    check(RUNS["no-ticket"]["code"] == 1, diagnostics("no-ticket"))
    check(e["verdict"] == "proxy-auth-required", diagnostics("no-ticket"))
    check("Negotiate" in " ".join(e["evidence"]), f"Negotiate named: {e['evidence']}")
    check(report["missing_rules"] == [], "no allow rule for a 407")


@case
def without_proxy_negotiate_the_offered_scheme_is_named():
    e, report = endpoint("no-credentials")
    print(f"     no credentials: {e['verdict']}: {e['evidence'][:1]}")
    check(RUNS["no-credentials"]["code"] == 1, diagnostics("no-credentials"))
    check(e["verdict"] == "proxy-auth-required", diagnostics("no-credentials"))
    check("Negotiate" in e["evidence"][0], f"Negotiate named: {e['evidence']}")
    check("--proxy-negotiate" in e["evidence"][0], f"how to use the ticket: {e['evidence']}")
    check(report["missing_rules"] == [], "no allow rule for a 407")


@case
def the_password_appears_in_no_output():
    for key in ("negotiate", "no-ticket", "no-credentials"):
        for stream in ("stdout", "stderr"):
            check(PASSWORD not in RUNS[key][stream], f"{key}: the password is in {stream}")


harness.finish()
