"""The lab's services (HTTPS JSON API) from the outside, with Python's ssl and http.client:
tenant isolation, the fields eM never collects, backups, the audit log, restarts on the same
state and kill -9 in the middle of a backup upload. Loopback only, no root: address_base
127.70.0.0 and ports 33443/33883 keep it apart from other tests."""
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import ssl
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish  # noqa: E402
import lab  # noqa: E402
from lab_api import Client, create, device_path, mapped_443, tenant_path  # noqa: E402

EMREADY = sys.argv[1]
HOST = "hbp-ec1l.srv.ygles.com"        # served for the Data Backup Service
OTHER_HOST = "dcf-ec1.srv.ygles.com"   # every listener serves the same state
SCENARIO = {"agents": ["backup"], "address_base": "127.70.0.0",
            "port_map": {443: 33443, 8883: 33883}}
DEVICE = {"customer": "ACME A/S", "product_name": "imageRUNNER ADVANCE DX C5850i",
          "serial_number": "SN1", "location": "Copenhagen, 3rd floor", "ip_address": "10.0.0.7"}
MIB = 1024 * 1024


def raw_request(method, path, token, headers):
    """Sends a request head only (no body) on a raw TLS socket; returns the response text."""
    context = ssl.create_default_context(cafile=READY["ca_file"])
    raw = socket.create_connection((READY["hosts"][HOST], mapped_443(READY)), timeout=30)
    with context.wrap_socket(raw, server_hostname=HOST) as tls:
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {token}\r\n"
        tls.sendall((head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n")
                    .encode())
        data = b""
        while chunk := tls.recv(65536):
            data += chunk
    return data.decode(errors="replace")


def device(serial, **extra):
    return dict(DEVICE, serial_number=serial, **extra)


STATE = tempfile.TemporaryDirectory(prefix="emready-services-test-")
STATE_DIR = os.path.join(STATE.name, "state")
ctx = lab.serve(EMREADY, SCENARIO, state_dir=STATE_DIR)
READY = ctx.__enter__()
ROOT = Client(READY, READY.get("root_token", ""))


@case
def ready_line_has_a_root_token():
    check(re.fullmatch(r"[0-9a-f]{64}", READY["root_token"]), READY)
    with open(os.path.join(STATE_DIR, "services", "root-token")) as f:
        check(f.read().strip() == READY["root_token"], "persisted")
    status, body = ROOT.json("GET", tenant_path("root"))
    check(status == 200 and body == {"id": "root", "parent": None, "children": [],
                                     "devices": []}, body)


@case
def no_or_unknown_token_is_401_and_get_slash_is_the_plain_lab_answer():
    status, headers, _ = ROOT.call("GET", tenant_path("root"), token="")
    check(status == 401 and "Bearer" in headers["WWW-Authenticate"], status)
    status, _ = ROOT.json("GET", tenant_path("root"), token="0" * 64)
    check(status == 401, status)
    status, _headers, data = Client(READY, "").call("GET", "/")
    check(status == 200 and json.loads(data) == {"host": HOST, "lab": True}, data)


# The isolation matrix: root → eu, us; eu → dk, se. Each tenant has device SN-<name>.
TOKENS = {"root": READY["root_token"]}


@case
def build_the_tree():
    TOKENS["root/eu"] = create(ROOT, "root", "eu")
    TOKENS["root/us"] = create(ROOT, "root", "us")
    eu = Client(READY, TOKENS["root/eu"])
    TOKENS["root/eu/dk"] = create(eu, "root/eu", "dk")
    TOKENS["root/eu/se"] = create(eu, "root/eu", "se")
    for tenant, token in TOKENS.items():
        serial = "SN-" + tenant.split("/")[-1]
        status, body = Client(READY, token).json("PUT", device_path(tenant, serial), device(serial))
        check(status == 201 and body["serial_number"] == serial, (tenant, status, body))
    status, body = ROOT.json("POST", tenant_path("root", "/children"), {"name": "eu"})
    check(status == 409, (status, body))
    status, body = ROOT.json("POST", tenant_path("root", "/children"), {"name": "Bad_Name"})
    check(status == 422 and body["field"] == "name", (status, body))
    status, body = ROOT.json("GET", tenant_path("root/eu"))
    check(body == {"id": "root/eu", "parent": "root", "children": ["root/eu/dk", "root/eu/se"],
                   "devices": ["SN-eu"]}, body)


def attempt(actor, target, operation):
    """Runs one read/write/delete of `actor` on `target`'s objects; returns the statuses."""
    client = Client(READY, TOKENS[actor])
    serial = "SN-" + target.split("/")[-1]
    if operation == "read":
        return [client.json("GET", tenant_path(target))[0],
                client.json("GET", device_path(target, serial))[0]]
    if operation == "write":
        return [client.json("PUT", device_path(target, serial),
                            device(serial, location="moved by " + actor))[0],
                client.json("POST", device_path(target, serial, "/telemetry"),
                            {"status": "ready", "alarms": []})[0],
                client.call("PUT", device_path(target, serial, "/backup"), b"x" * 10,
                            headers={"Content-Type": "application/octet-stream"})[0],
                client.json("POST", tenant_path(target, "/children"), {"name": "x-" + actor.split("/")[-1]})[0]]
    return [client.json("DELETE", device_path(target, serial, "/backup"))[0],
            client.json("DELETE", device_path(target, serial))[0]]


@case
def forbidden_cells_are_403_and_change_nothing():
    cells = [("root/eu/dk", "root/eu"),   # child → parent
             ("root/eu/dk", "root"),      # child → grandparent
             ("root/eu/dk", "root/eu/se"),  # sibling
             ("root/eu", "root/us"),      # sibling one level up
             ("root/us", "root/eu/dk")]   # cousin
    for actor, target in cells:
        for operation in ["read", "write", "delete"]:
            statuses = attempt(actor, target, operation)
            check(all(s == 403 for s in statuses), (actor, target, operation, statuses))
        status, body = Client(READY, TOKENS[actor]).json("DELETE", tenant_path(target))
        check(status == 403, (actor, target, "delete tenant", status, body))
    status, body = ROOT.json("GET", device_path("root/eu", "SN-eu"))
    check(body["location"] == DEVICE["location"] and body["telemetry"] is None, body)
    status, body = Client(READY, TOKENS["root/eu/dk"]).json("GET", tenant_path("root/eu/nope"))
    check(status == 403, "a child cannot even learn whether a sibling exists")


@case
def allowed_cells_work():
    for actor, target in [("root/eu", "root/eu/dk"), ("root", "root/eu/se"),
                          ("root/eu", "root/eu")]:
        check(attempt(actor, target, "read") == [200, 200], (actor, target, "read"))
        check(attempt(actor, target, "write") == [200, 202, 201, 201], (actor, target, "write"))
        check(attempt(actor, target, "delete") == [204, 204], (actor, target, "delete"))
    eu = Client(READY, TOKENS["root/eu"])
    check(eu.json("GET", tenant_path("root/eu/nope"))[0] == 404, "unknown but reachable: 404")
    check(eu.json("PUT", device_path("root/eu", "SN-eu"), device("SN-eu"))[0] == 201, "again")


@case
def deleting_a_tenant_takes_a_strict_ancestor_and_removes_the_subtree():
    dk = Client(READY, TOKENS["root/eu/dk"])
    status, body = dk.json("DELETE", tenant_path("root/eu/dk"))
    check(status == 403 and "never deletes itself" in body["error"], (status, body))
    status, _ = ROOT.json("DELETE", tenant_path("root"))
    check(status == 403, status)
    eu = Client(READY, TOKENS["root/eu"])
    check(eu.json("DELETE", tenant_path("root/eu/dk"))[0] == 204, "parent deletes child")
    check(eu.json("GET", tenant_path("root/eu/dk"))[0] == 404, "gone")
    status, _ = dk.json("GET", tenant_path("root/eu/dk"))
    check(status == 401, "a deleted tenant's token is worthless")
    TOKENS["root/eu/dk"] = create(eu, "root/eu", "dk")


@case
def fields_em_never_collects_are_refused_by_name():
    eu = Client(READY, TOKENS["root/eu"])
    for field in ["user_name", "document_name", "job_content", "colour"]:
        status, body = eu.json("PUT", device_path("root/eu", "SN-new"), device("SN-new", **{field: "x"}))
        check(status == 422 and body["field"] == field and
              body["error"].startswith(f"field '{field}' is not collected by eMaintenance"),
              (field, status, body))
        status, body = eu.json("POST", device_path("root/eu", "SN-eu", "/telemetry"),
                               {"status": "ready", field: "x"})
        check(status == 422 and body["field"] == field, (field, status, body))
    check(eu.json("GET", device_path("root/eu", "SN-new"))[0] == 404, "nothing was stored")
    status, body = eu.json("PUT", device_path("root/eu", "SN-new"), device("SN-other"))
    check(status == 422 and body["field"] == "serial_number", body)
    status, body = eu.json("POST", device_path("root/eu", "SN-eu", "/telemetry"),
                           {"status": "error", "alarms": ["E000-0001 toner low"]})
    check(status == 202, body)
    status, body = eu.json("GET", device_path("root/eu", "SN-eu"))
    check(body["telemetry"]["alarms"] == ["E000-0001 toner low"], body)


BACKUP_A = os.urandom(MIB)  # as big as allowed


@case
def backup_round_trip_is_byte_exact():
    eu = Client(READY, TOKENS["root/eu"])
    path = device_path("root/eu", "SN-eu", "/backup")
    check(eu.call("GET", path)[0] == 404, "no backup yet")
    first = os.urandom(1000)
    status, _headers, data = eu.call("PUT", path, first,
                                     headers={"Content-Type": "application/octet-stream"})
    check(status == 201 and json.loads(data) == {"sha256": hashlib.sha256(first).hexdigest(),
                                                 "size": 1000}, (status, data))
    status, _headers, data = eu.call("PUT", path, BACKUP_A,
                                     headers={"Content-Type": "application/octet-stream"})
    check(status == 200 and json.loads(data)["size"] == MIB, (status, data))
    status, headers, data = Client(READY, TOKENS["root"], host=OTHER_HOST).call("GET", path)
    check(status == 200 and data == BACKUP_A, "byte-exact, from another host's listener")
    check(headers["X-Backup-Sha256"] == hashlib.sha256(BACKUP_A).hexdigest(), headers)
    check(headers["Content-Type"] == "application/octet-stream", headers)
    head = raw_request("PUT", path, TOKENS["root/eu"], {"Content-Length": str(MIB + 1)})
    check(head.startswith("HTTP/1.1 413 "), head)


@case
def http_edges_keep_alive_close_chunked_and_405():
    client = Client(READY, TOKENS["root"])
    client.call("GET", tenant_path("root"))
    sock = client.conn.sock
    client.call("GET", tenant_path("root/eu"))
    check(client.conn is not None and client.conn.sock is sock, "one connection, two requests")
    client.call("GET", tenant_path("root"), headers={"Connection": "close"})
    check(client.conn is None, "Connection: close honoured")
    status, headers, _ = client.call("PATCH", tenant_path("root"))
    check(status == 405 and headers["Allow"] == "GET, DELETE", (status, headers))
    head = raw_request("PUT", device_path("root/eu", "SN-eu", "/backup"), TOKENS["root"],
                       {"Transfer-Encoding": "chunked"})
    check(head.startswith("HTTP/1.1 411 ") and "Content-Length" in head, head)


def audit_objects(client):
    status, entries = client.json("GET", "/v1/audit")
    check(status == 200, status)
    for entry in entries:
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["time"]), entry)
    return [(e["actor"], e["action"], e["object"]) for e in entries]


@case
def every_change_is_in_the_audit_log_and_each_tenant_sees_its_subtree():
    entries = audit_objects(ROOT)
    for expected in [("root", "create", "tenant root/eu"),
                     ("root/eu", "create", "tenant root/eu/dk"),
                     ("root/eu/dk", "create", "device root/eu/dk/SN-dk"),
                     ("root/eu", "change", "device root/eu/dk/SN-dk"),
                     ("root/eu", "create", "telemetry root/eu/dk/SN-dk"),
                     ("root/eu", "create", "backup root/eu/dk/SN-dk"),
                     ("root/eu", "delete", "backup root/eu/dk/SN-dk"),
                     ("root/eu", "delete", "device root/eu/dk/SN-dk"),
                     ("root/eu", "delete", "tenant root/eu/dk"),
                     ("root/eu", "change", "backup root/eu/SN-eu")]:
        check(expected in entries, (expected, entries))
    strays = [e for e in entries if e[0] == "root/eu/dk" and "root/eu/dk" not in e[2]]
    check(not strays, ("refused calls left no entry", strays))
    se = audit_objects(Client(READY, TOKENS["root/eu/se"]))
    check(se and all("root/eu/se" in e[2] for e in se), se)


@case
def a_restart_on_the_same_state_keeps_everything():
    global READY, ctx
    before = audit_objects(ROOT)
    tree_before = ROOT.json("GET", tenant_path("root/eu"))
    ctx.__exit__(None, None, None)
    ctx = lab.serve(EMREADY, SCENARIO, state_dir=STATE_DIR)
    READY = ctx.__enter__()
    check(READY["root_token"] == TOKENS["root"], "the same root token")
    eu = Client(READY, TOKENS["root/eu"])
    tree_after = eu.json("GET", tenant_path("root/eu"))
    check(tree_after == tree_before and "root/eu/se" in tree_after[1]["children"], tree_after)
    status, body = eu.json("GET", device_path("root/eu", "SN-eu"))
    check(body["location"] == DEVICE["location"] and body["telemetry"]["status"] == "error", body)
    status, _headers, data = eu.call("GET", device_path("root/eu", "SN-eu", "/backup"))
    check(data == BACKUP_A, "backup intact")
    check(audit_objects(Client(READY, TOKENS["root"])) == before, "audit log kept")


def upload_then_kill(whole):
    """Sends a 1 MiB backup PUT (half of its body, or all of it) and SIGKILLs the lab."""
    global READY, ctx
    context = ssl.create_default_context(cafile=READY["ca_file"])
    raw = socket.create_connection((READY["hosts"][HOST], mapped_443(READY)), timeout=30)
    tls = context.wrap_socket(raw, server_hostname=HOST)
    body = os.urandom(MIB)
    tls.sendall((f"PUT {device_path('root/eu', 'SN-eu', '/backup')} HTTP/1.1\r\n"
                 f"Host: {HOST}\r\nAuthorization: Bearer {TOKENS['root/eu']}\r\n"
                 f"Content-Type: application/octet-stream\r\nContent-Length: {MIB}\r\n\r\n")
                .encode())
    tls.sendall(body if whole else body[:MIB // 2])
    if not whole:
        time.sleep(0.5)  # the half has arrived and is being waited on
    process = READY["_process"]
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    tls.close()
    ctx.__exit__(None, None, None)
    ctx = lab.serve(EMREADY, SCENARIO, state_dir=STATE_DIR)
    READY = ctx.__enter__()
    return body


@case
def kill_9_during_an_upload_leaves_the_previous_backup_intact():
    upload_then_kill(whole=False)
    status, headers, data = Client(READY, TOKENS["root/eu"]).call(
        "GET", device_path("root/eu", "SN-eu", "/backup"))
    check(status == 200 and data == BACKUP_A, "the previous backup, byte-identical")
    check(headers["X-Backup-Sha256"] == hashlib.sha256(BACKUP_A).hexdigest(), headers)
    backups = os.listdir(os.path.join(STATE_DIR, "services", "backups"))
    check(all(".tmp-" not in name for name in backups), backups)


@case
def kill_9_racing_a_whole_upload_leaves_the_old_or_the_new_backup_never_a_mix():
    current = BACKUP_A
    for _ in range(3):
        sent = upload_then_kill(whole=True)
        _status, _headers, data = Client(READY, TOKENS["root/eu"]).call(
            "GET", device_path("root/eu", "SN-eu", "/backup"))
        check(data in (current, sent), "old or new, never torn")
        current = data
        with open(os.path.join(STATE_DIR, "services", "tenants.json")) as f:
            json.load(f)  # whole JSON after every kill
        status, _ = Client(READY, TOKENS["root"]).json("GET", "/v1/audit")
        check(status == 200, "the audit log still loads")


try:
    finish()
finally:
    ctx.__exit__(None, None, None)
    STATE.cleanup()
