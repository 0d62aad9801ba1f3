"""Starts `emready lab serve` for a test and always stops it again (by PID).

    with lab.serve(EMREADY, {"agents": ["cca"], ...}) as ready:
        ready["dns"], ready["ca_file"], ready["hosts"]["gw.srv.ygles.com"], ...

The scenario is written (as JSON, which is YAML) into a fresh temporary directory together
with any `files` (e.g. the proxy's allow-list); the lab's state goes there too.
"""
import contextlib
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

READY_DEADLINE = 60.0  # seconds; generous for ASan builds


@contextlib.contextmanager
def serve(emready, scenario, files=None, deadline=READY_DEADLINE, verbose=False, profiles_dir=None,
          state_dir=None, log_path=None):
    """Yields the parsed ready line of a lab serving `scenario` (a dict); `profiles_dir`
    adds the admin profiles there (emready --profiles DIR) to the built-in ones; `state_dir`
    (kept by the caller, e.g. across restarts) replaces a fresh one in the temporary dir;
    `log_path` gets the lab's stderr (its refusals; every event when `verbose`)."""
    with tempfile.TemporaryDirectory(prefix="emready-lab-test-") as tmp:
        for name, text in (files or {}).items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        path = os.path.join(tmp, "scenario.yaml")
        with open(path, "w") as f:
            json.dump(scenario, f)
        args = [emready] + (["--profiles", profiles_dir] if profiles_dir else []) + \
            ["lab", "serve", "--scenario", path, "--state", state_dir or os.path.join(tmp, "state")]
        # The lab's stderr goes to a file (the caller's, or one here): a lab that fails to start
        # says why in the test's failure.
        log_path = log_path or os.path.join(tmp, "lab-stderr.log")
        log = open(log_path, "w")
        proc = subprocess.Popen(args + (["-v"] if verbose else []), stdout=subprocess.PIPE,
                                stderr=None if verbose and log_path.startswith(tmp) else log, text=True)
        log.close()  # the child has its own descriptor
        try:
            ready = _wait_ready(proc, deadline, log_path)
            ready["_process"] = proc
            yield ready
        finally:
            stop(proc)


def _wait_ready(proc, deadline, log_path):
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if selector.select(timeout=0.2):
            line = proc.stdout.readline()
            if not line:
                with open(log_path) as f:
                    said = f.read()[-2000:]
                raise AssertionError(f"lab exited with {proc.wait()} before it was ready: {said}")
            return json.loads(line)
    raise AssertionError(f"lab not ready within {deadline} s")


def stop(proc, timeout=20):
    """Stops a server this test started, by its PID: SIGTERM, then SIGKILL after `timeout`."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def address(text):
    """'127.0.0.1:5353' → ('127.0.0.1', 5353)."""
    host, port = text.rsplit(":", 1)
    return host.replace("http://", ""), int(port)


def dns_query(server, name, qtype=1, timeout=1.0, tcp=False):
    """Asks `server` (host, port) one question; returns (rcode, aa, [answer rdata]) or None
    on timeout. A minimal RFC 1035 client, enough to read A/AAAA answers."""
    qid = os.getpid() & 0xFFFF
    labels = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split("."))
    query = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + labels + b"\0" + \
        struct.pack(">HH", qtype, 1)
    try:
        reply = _ask_tcp(server, query, timeout) if tcp else _ask_udp(server, query, timeout)
    except socket.timeout:
        return None
    if reply is None:
        return None
    flags, _qd, ancount = struct.unpack(">HHH", reply[2:8])
    pos = 12 + len(labels) + 1 + 4
    answers = []
    for _ in range(ancount):
        pos = _skip_name(reply, pos)
        _type, _class, _ttl, size = struct.unpack(">HHIH", reply[pos:pos + 10])
        answers.append(reply[pos + 10:pos + 10 + size])
        pos += 10 + size
    return flags & 0xF, bool(flags & 0x0400), answers


def _ask_udp(server, query, timeout):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(query, server)
        return s.recv(4096)


def _ask_tcp(server, query, timeout):
    with socket.create_connection(server, timeout=timeout) as s:
        s.sendall(struct.pack(">H", len(query)) + query)
        size = struct.unpack(">H", _recv_exactly(s, 2))[0]
        return _recv_exactly(s, size)


def _recv_exactly(s, size):
    data = b""
    while len(data) < size:
        chunk = s.recv(size - len(data))
        if not chunk:
            raise socket.timeout("closed")
        data += chunk
    return data


def _skip_name(data, pos):
    while data[pos] != 0:
        if data[pos] & 0xC0 == 0xC0:
            return pos + 2
        pos += data[pos] + 1
    return pos + 1


def proxy_connect(proxy, target, auth=None, method="CONNECT", timeout=5.0):
    """Sends one proxy request on a raw socket; returns (status, head text, socket)."""
    import base64
    s = socket.create_connection(address(proxy), timeout=timeout)
    head = f"{method} {target} HTTP/1.1\r\nHost: {target}\r\n"
    if auth:
        head += "Proxy-Authorization: Basic " + base64.b64encode(auth.encode()).decode() + "\r\n"
    s.sendall((head + "\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    text = data.decode(errors="replace")
    return int(text.split(" ", 2)[1]) if text else 0, text, s


def run_inner_in_namespace(script, emready, mount=False, timeout=300):
    """Runs `script emready --inner` in a new network namespace (and mount namespace with
    `mount`): `unshare -n[m]` as root, else `unshare -r`. Returns the JSON its last stdout
    line holds; raises AssertionError with both streams when it fails."""
    flags = "-n" + ("m" if mount else "")
    unshare = ["unshare", flags] if os.geteuid() == 0 else ["unshare", "-r" + flags[1:]]
    proc = subprocess.run(unshare + [sys.executable, os.path.abspath(script), emready, "--inner"],
                          capture_output=True, text=True, timeout=timeout)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise AssertionError(f"inner run failed ({proc.returncode}): {proc.stdout[-4000:]} {proc.stderr[-3000:]}")
    return json.loads(lines[-1])
