#!/usr/bin/env python3
"""`emready lab agent` end to end: a CCA device against the lab backend, directly and through
the lab's CONNECT proxy; MQTT cross-checked with a real client (mosquitto_pub); backups
sealed on the device and a tampered one refused. Loopback only."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish  # noqa: E402
import lab  # noqa: E402
from lab_api import Client, create, device_path  # noqa: E402

INNER = len(sys.argv) > 2 and sys.argv[1] == "--inner"
EMREADY = sys.argv[2] if INNER else sys.argv[1]
BASE = 36000 + (os.getpid() % 2000) * 2
def inner():
    """As root inside a private user+network namespace: the real ports 443 and 8883, no map."""
    scenario = {"agents": ["cca", "backup"], "address_base": "127.72.0.0"}
    with lab.serve(EMREADY, scenario) as ready:
        check_run = subprocess.run(
            [EMREADY, "check", "--agent", "cca,backup", "--format", "json", "--no-proxy",
             "--dns-server", ready["dns"], "--ca-file", ready["ca_file"],
             "--accept-range", "127.72.0.0/16"], capture_output=True, text=True, timeout=120)
        report = json.loads(check_run.stdout)
        ports = sorted({e["port"] for e in report["endpoints"]})
        assert check_run.returncode == 0 and report["ready"], check_run.stdout[-2000:]
        assert ports == [443, 8883], ports
        assert "port_map" not in ready or not ready["port_map"], ready.get("port_map")
        with tempfile.TemporaryDirectory() as work:
            proc = subprocess.run(
                [EMREADY, "lab", "agent", "--tenant", "root", "--token", ready["root_token"],
                 "--ca-file", ready["ca_file"], "--dns-server", ready["dns"],
                 "--key-file", os.path.join(work, "k")], capture_output=True, text=True,
                timeout=120)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-1000:]
    print("inner ok: check ready and every agent step ok on 443/8883")


if INNER:
    inner()
    sys.exit(0)

SCENARIO = {"agents": ["cca", "backup"], "address_base": "127.71.0.0",
            "port_map": {443: BASE, 8883: BASE + 1}, "proxy": {"port": 0}}
MQTT_HOST = "a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com"
API_HOST = "hbp-ec1l.srv.ygles.com"
WORK = tempfile.TemporaryDirectory(prefix="emready-agent-test-")
STATE = os.path.join(WORK.name, "state")
ctx = lab.serve(EMREADY, SCENARIO, state_dir=STATE)
READY = ctx.__enter__()
ROOT = READY["root_token"]


def agent(*args, tenant="root", token=ROOT, key="device.key", direct=True):
    cmd = [EMREADY, "lab", "agent", "--tenant", tenant, "--token", token,
           "--ca-file", READY["ca_file"], "--key-file", os.path.join(WORK.name, key),
           "--timeout", "10", *args]
    if direct:
        cmd += ["--dns-server", READY["dns"], "--port-map", READY["port_map"]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if "proxy" not in k.lower()})
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"exit {proc.returncode}, not JSON: {proc.stdout[:500]} {proc.stderr[:500]}")
    return proc.returncode, report, {s["name"]: s for s in report["steps"]}


@case
def every_step_works_directly():
    code, report, steps = agent()
    check(code == 0 and report["ok"], json.dumps(report, indent=1)[:3000])
    check(list(steps) == ["resolve", "register", "telemetry-https", "telemetry-mqtt-8883",
                          "telemetry-mqtt-443", "telemetry-stored", "backup-upload",
                          "backup-restore"], list(steps))
    check(steps["resolve"]["facts"][MQTT_HOST]["addresses"] == [READY["hosts"][MQTT_HOST]],
          steps["resolve"]["facts"])
    check(steps["telemetry-mqtt-443"]["facts"]["alpn"] == "x-amzn-mqtt-ca", steps["telemetry-mqtt-443"])
    check(steps["telemetry-mqtt-8883"]["facts"]["alpn"] == "", "no ALPN offered on 8883")
    check(all(s["ms"] > 0 for s in steps.values()), "every step is timed")
    # What the backend holds is what the device sent last (MQTT on 443), and the backup is
    # ciphertext: the plain settings never reach the backend.
    status, stored = Client(READY, ROOT, API_HOST).json("GET", device_path("root", "LAB0001"))
    check(status == 200 and "MQTT 443" in stored["telemetry"]["alarms"][0], stored)
    check(stored["ip_address"].startswith("127."), f"registered with its own address: {stored}")
    status, _, blob = Client(READY, ROOT, API_HOST).call("GET", device_path("root", "LAB0001", "/backup"))
    check(status == 200 and blob[:4] == b"EMB1" and b"paper_size" not in blob, blob[:40])


@case
def every_step_works_through_the_proxy_without_local_dns():
    code, report, steps = agent("--proxy", READY["proxy"], direct=False)
    check(code == 0 and report["ok"] and report["proxy"], json.dumps(report, indent=1)[:3000])
    check("proxy resolves" in steps["resolve"]["detail"], steps["resolve"])
    check(steps["telemetry-mqtt-443"]["facts"]["alpn"] == "x-amzn-mqtt-ca", "ALPN through the tunnel")


@case
def a_child_tenant_device_works_and_its_parent_sees_it():
    child = create(Client(READY, ROOT, API_HOST), "root", "eu")
    code, report, _ = agent("--serial", "EU0001", tenant="root/eu", token=child, key="eu.key")
    check(code == 0, json.dumps(report, indent=1)[:3000])
    status, stored = Client(READY, ROOT, API_HOST).json("GET", device_path("root/eu", "EU0001"))
    check(status == 200 and stored["telemetry"]["status"] == "printing", (status, stored))


@case
def a_wrong_token_fails_every_service_step_with_the_reason():
    code, report, steps = agent("--step", "register", "--step", "telemetry-mqtt-8883",
                                token="0" * 64)
    check(code == 1 and not report["ok"], report)
    check("HTTP 401" in steps["register"]["detail"], steps["register"])
    check("bad user name or password" in steps["telemetry-mqtt-8883"]["detail"],
          steps["telemetry-mqtt-8883"])


@case
def a_tampered_backup_is_refused_on_restore():
    code, _, _ = agent("--step", "backup-upload", key="tamper.key")
    check(code == 0, "upload")
    client = Client(READY, ROOT, API_HOST)
    path = device_path("root", "LAB0001", "/backup")
    status, _, blob = client.call("GET", path)
    check(status == 200, status)
    flipped = bytearray(blob)
    flipped[len(flipped) // 2] ^= 0x01  # one bit in the ciphertext
    status, _, _ = client.call("PUT", path, bytes(flipped),
                               headers={"Content-Type": "application/octet-stream"})
    check(status == 200, status)
    code, _, steps = agent("--step", "backup-restore", key="tamper.key")
    check(code == 1 and "does not verify" in steps["backup-restore"]["detail"], steps)
    client.call("PUT", path, blob, headers={"Content-Type": "application/octet-stream"})
    code, _, steps = agent("--step", "backup-restore", key="tamper.key")
    check(code == 0, f"the original still opens: {steps}")
    code, _, steps = agent("--step", "backup-restore", key="other.key")
    check(code == 1, "another device's key cannot open it")


def mosquitto_pub(token, topic, payload, user="root"):
    mqtt_port = int(dict(p.split("=") for p in READY["port_map"].split(","))["8883"])
    return subprocess.run(
        ["mosquitto_pub", "-h", READY["hosts"][MQTT_HOST], "-p", str(mqtt_port),
         "--cafile", READY["ca_file"], "--insecure",  # the lab address is not the cert's name
         "-u", user, "-P", token, "-i", "emready-test", "-q", "1", "-t", topic, "-m", payload],
        capture_output=True, text=True, timeout=30).returncode


@case
def the_broker_speaks_mqtt_to_a_real_client():
    if shutil.which("mosquitto_pub") is None:
        raise AssertionError("mosquitto_pub missing: install mosquitto-clients "
                             "(packaging/debian-build-deps.txt)")
    topic = "em/root/devices/LAB0001/telemetry"
    check(mosquitto_pub(ROOT, topic, '{"status": "from mosquitto_pub", "alarms": []}') == 0,
          "a valid publish is acknowledged")
    status, stored = Client(READY, ROOT, API_HOST).json("GET", device_path("root", "LAB0001"))
    check(stored["telemetry"]["status"] == "from mosquitto_pub", stored)
    check(mosquitto_pub(ROOT, topic, '{"status": "x", "user_name": "bob"}') != 0,
          "a field eM never collects closes the connection")
    check(mosquitto_pub("wrong", topic, "{}") != 0, "bad credentials are refused")
    child = create(Client(READY, ROOT, API_HOST), "root", "dk")
    check(mosquitto_pub(child, topic, '{"status": "x"}', user="root/dk") != 0,
          "a child cannot publish for its parent's device")
    status, stored = Client(READY, ROOT, API_HOST).json("GET", device_path("root", "LAB0001"))
    check(stored["telemetry"]["status"] == "from mosquitto_pub", "nothing refused was stored")


@case
def real_ports_443_and_8883_as_root_in_a_network_namespace():
    if shutil.which("unshare") is None or \
            subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        print("     (no user/network namespaces here: the real ports are not tested)")
        return
    script = f"ip link set lo up && {sys.executable} {os.path.abspath(__file__)} --inner {EMREADY}"
    proc = subprocess.run(["unshare", "-rn", "sh", "-c", script], capture_output=True,
                          text=True, timeout=300)
    check(proc.returncode == 0 and "inner ok" in proc.stdout,
          f"{proc.stdout[-2000:]} {proc.stderr[-2000:]}")


ctx.__exit__(None, None, None)
WORK.cleanup()
finish()
