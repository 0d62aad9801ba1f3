#!/usr/bin/env python3
"""Secrets never leave (issue 11, section 5): a proxy password (in the URL, in a password
file, in EMREADY_PROXY_PASSWORD, or typed by mistake into --proxy-user), the tenant token of
`lab agent` and its backup key are never written to stdout, stderr, a report file of any
format, or an error message. Every command runs with known secrets against a real lab (a
proxy that wants Basic authentication, an API that wants the token), and everything it
wrote is searched for them, in plain text and as the Basic credential's base64."""
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
SECRET = "S3cr3t-Pa55w0rd-7781"
WRONG = "Wr0ng-Pa55-4410"
TOKEN = "lab-token-" + "9f3c" * 8
BASE = 21000 + (os.getpid() % 3000) * 3
WORK = tempfile.mkdtemp(prefix="emready-secrets-")
WRITTEN = []  # (what, text)
DOMAIN = "secrets.emready.test"


def needles():
    out = [SECRET, WRONG, TOKEN]
    for password in (SECRET, WRONG):
        out.append(base64.b64encode(f"user:{password}".encode()).decode())
    key = os.path.join(WORK, "device.key")
    if os.path.exists(key):
        with open(key, "rb") as f:
            raw = f.read()
        out += [raw.hex()[:32], base64.b64encode(raw).decode()[:24]]
        out += [line for line in raw.decode("latin-1").splitlines() if len(line) > 20 and "-----" not in line][:3]
    return out


def run(what, args, env=None, files=()):
    proc = subprocess.run([EMREADY, *args], capture_output=True, text=True, timeout=120,
                          env={**{k: v for k, v in os.environ.items() if "proxy" not in k.lower()}, **(env or {})})
    WRITTEN.append((f"{what}: stdout", proc.stdout))
    WRITTEN.append((f"{what}: stderr", proc.stderr))
    for path in files:
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                WRITTEN.append((f"{what}: {os.path.basename(path)}", f.read()))
    return proc


def profile_dir():
    profiles = os.path.join(WORK, "profiles")
    os.makedirs(profiles, exist_ok=True)
    with open(os.path.join(profiles, "sec.yaml"), "w") as f:
        f.write(f"agent: sec\ntitle: secrets\nendpoints:\n  - host: ok.{DOMAIN}\n    ports: [443]\n"
                f"  - host: refused.{DOMAIN}\n    ports: [443]\n")
    return profiles


PROFILES = profile_dir()
SCENARIO = {"agents": ["sec", "cca", "backup"], "address_base": "127.77.0.0",
            "port_map": {443: BASE, 8883: BASE + 1},
            "hosts": {f"refused.{DOMAIN}": {"tls": "refuse"}},
            "services": {"root_token": TOKEN},
            "proxy": {"port": 0, "auth": f"user:{SECRET}", "product": "squid/5.7"}}


def check_args(ready, *extra):
    return ["--profiles", PROFILES, "check", "--agent", "sec", "--ca-file", ready["ca_file"],
            "--accept-range", "127.77.0.0/16", "--tcp-timeout", "2", "--tls-timeout", "2", *extra]


with lab.serve(EMREADY, SCENARIO, profiles_dir=PROFILES) as READY:
    proxy = READY["proxy"]
    with_secret = proxy.replace("http://", f"http://user:{SECRET}@")
    with_wrong = proxy.replace("http://", f"http://user:{WRONG}@")
    for form in ("text", "json", "junit", "markdown", "html"):
        out = os.path.join(WORK, f"report.{form}")
        run(f"check {form} -o", check_args(READY, "--proxy", with_secret, "--format", form, "-o", out), files=[out])
        run(f"check {form}", check_args(READY, "--proxy", with_secret, "--format", form, "-v"))
    run("check wrong password", check_args(READY, "--proxy", with_wrong, "--format", "json"))
    run("check wrong password text", check_args(READY, "--proxy", with_wrong))
    password_file = os.path.join(WORK, "password")
    with open(password_file, "w") as f:
        f.write(SECRET + "\n")
    os.chmod(password_file, 0o600)
    run("check --proxy-password-file", check_args(READY, "--proxy", proxy, "--proxy-user", "user",
                                                  "--proxy-password-file", password_file, "--format", "markdown"))
    run("check EMREADY_PROXY_PASSWORD", check_args(READY, "--proxy", proxy, "--proxy-user", "user"),
        env={"EMREADY_PROXY_PASSWORD": SECRET})
    os.chmod(password_file, 0o644)
    run("check readable password file", check_args(READY, "--proxy", proxy, "--proxy-user", "user",
                                                   "--proxy-password-file", password_file))
    MISTYPED = run("check --proxy-user user:password", check_args(READY, "--proxy", proxy, "--proxy-user",
                                                                  f"user:{SECRET}", "--format", "json"))
    run("check unreachable proxy", check_args(READY, "--proxy", f"http://user:{SECRET}@127.0.0.1:1", "--format", "json"))
    run("check bad proxy url", check_args(READY, "--proxy", f"ftp://user:{SECRET}@127.0.0.1:1"))
    run("check https proxy without TLS", check_args(READY, "--proxy", with_secret.replace("http://", "https://")))
    old = os.path.join(WORK, "old.json")
    new = os.path.join(WORK, "new.json")
    run("check for diff 1", check_args(READY, "--proxy", with_secret, "--format", "json", "-o", old), files=[old])
    run("check for diff 2", check_args(READY, "--proxy", with_wrong, "--format", "json", "-o", new), files=[new])
    for form in ("text", "json", "markdown"):
        run(f"diff {form}", ["diff", old, new, "--format", form])
    key = os.path.join(WORK, "device.key")
    AGENT = run("lab agent", ["lab", "agent", "--tenant", "root", "--token", TOKEN, "--ca-file", READY["ca_file"],
                              "--key-file", key, "--timeout", "10", "--dns-server", READY["dns"],
                              "--port-map", READY["port_map"]])
    run("lab agent wrong token", ["lab", "agent", "--tenant", "root", "--token", TOKEN[::-1], "--ca-file",
                                  READY["ca_file"], "--key-file", key, "--timeout", "10", "--dns-server",
                                  READY["dns"], "--port-map", READY["port_map"]])
    run("lab agent through the proxy", ["lab", "agent", "--tenant", "root", "--token", TOKEN, "--ca-file",
                                        READY["ca_file"], "--key-file", key, "--timeout", "10", "--proxy", with_secret])


@case
def the_runs_did_what_they_should():
    ok = json.loads(next(text for what, text in WRITTEN if what == "check json: stdout"))
    verdicts = {e["host"].split(".")[0]: e["verdict"] for e in ok["endpoints"]}
    check(verdicts == {"ok": "ok", "refused": "proxy-upstream-failed"}, f"through the authenticating proxy: {verdicts}")
    wrong = json.loads(next(text for what, text in WRITTEN if what == "check wrong password: stdout"))
    check({e["verdict"] for e in wrong["endpoints"]} == {"proxy-auth-required"}, "a wrong password gets 407")
    check(AGENT.returncode == 0, f"the agent works with the token: {AGENT.stdout[-800:]} {AGENT.stderr[-400:]}")
    check(MISTYPED.returncode == 2 and "--proxy-user takes the user name only" in MISTYPED.stderr,
          f"a password in --proxy-user is refused: {MISTYPED.returncode} {MISTYPED.stderr[:300]}")


def find_leaks(written):
    leaks = []
    for needle in needles():
        for what, text in written:
            if needle and needle in text:
                at = text.index(needle)
                leaks.append(f"{what}: …{text[max(0, at - 80):at + len(needle) + 20]!r}")
    return leaks


@case
def no_secret_appears_in_anything_written():
    # The search itself finds each kind of secret (plain, a Basic credential, the key).
    canaries = [("canary", f"x{SECRET}y"), ("canary", "Basic " + base64.b64encode(f"user:{WRONG}".encode()).decode()),
                ("canary", f"Bearer {TOKEN}")]
    check(len(find_leaks(canaries)) == 3, f"the search misses a canary: {find_leaks(canaries)}")
    check(len(needles()) >= 7, f"the backup key is searched for too: {len(needles())} needles")
    leaks = find_leaks(WRITTEN)
    check(len(WRITTEN) > 60, f"{len(WRITTEN)} outputs searched")
    check(not leaks, "secrets written:\n" + "\n".join(leaks[:20]))


harness.finish()
