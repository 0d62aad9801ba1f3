#!/usr/bin/env python3
"""The lab survives its clients (issue 11, section 3): a slowloris client (a request head
one byte a second), 10,000 idle connections, and oversized requests each end in a bounded,
logged refusal while another client is still served. The lab runs with a short first-request
limit and a connection cap (`services: {first_request_ms, max_connections}`) so the test
takes seconds; the defaults are documented in docs/lab.md."""
import os
import resource
import signal
import socket
import ssl
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
DOMAIN = "survive.emready.test"
HOST = f"www.{DOMAIN}"
BASE = 30000 + (os.getpid() % 2000) * 2
FIRST_REQUEST_MS = 2000
MAX_CONNECTIONS = 512
IDLE = 10000
ESTABLISHED = 1  # tcp_states.h
RESULT = {}


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return float("nan")


def rss_mb(pid):
    return status(pid, "VmRSS") / 1024


def served(address, ca_file, timeout=10):
    """(seconds, status line) of one HTTPS GET / to the lab host, a client that behaves."""
    start = time.monotonic()
    context = ssl.create_default_context(cafile=ca_file)
    with socket.create_connection(address, timeout=timeout) as raw:
        with context.wrap_socket(raw, server_hostname=HOST) as tls:
            tls.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := tls.recv(4096):
                data += chunk
    return time.monotonic() - start, data.split(b"\r\n", 1)[0].decode()


def closed_within(sock, seconds):
    """Seconds until the peer closes `sock` (reads return b'' or reset), or None."""
    sock.settimeout(0.2)
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - start
        except socket.timeout:
            continue
        except (ConnectionResetError, ssl.SSLError, OSError):
            return time.monotonic() - start
    return None


with tempfile.TemporaryDirectory() as profiles, tempfile.NamedTemporaryFile("r") as log:
    with open(os.path.join(profiles, "survive.yaml"), "w") as f:
        f.write(f"agent: survive\ntitle: lab survival\nendpoints:\n  - host: {HOST}\n    ports: [443]\n")
    scenario = {"agents": ["survive"], "address_base": "127.83.0.0", "port_map": {443: BASE},
                "services": {"first_request_ms": FIRST_REQUEST_MS, "max_connections": MAX_CONNECTIONS}}
    # ASan keeps freed memory in a quarantine (256 MiB by default) to catch use after free:
    # every shed connection's thread adds to it. Memory is judged without it.
    if os.environ.get("ASAN_OPTIONS") is not None:
        os.environ["ASAN_OPTIONS"] += ":quarantine_size_mb=1:thread_local_quarantine_size_kb=64"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with lab.serve(EMREADY, scenario, profiles_dir=profiles, log_path=log.name) as ready:
        address = (ready["hosts"][HOST], BASE)
        pid = ready["_process"].pid
        context = ssl.create_default_context(cafile=ready["ca_file"])
        RESULT["calm"] = served(address, ready["ca_file"])
        RESULT["rss_before"] = rss_mb(pid)

        # Slowloris: a complete handshake, then a request head one byte a second.
        raw = socket.create_connection(address, timeout=5)
        slow = context.wrap_socket(raw, server_hostname=HOST)
        start = time.monotonic()
        head = b"GET /v1/tenants HTTP/1.1\r\nX-Slow: " + b"a" * 100
        sent = 0
        try:
            for byte in head:
                slow.sendall(bytes([byte]))
                sent += 1
                if closed_within(slow, 1.0) is not None:
                    break
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        RESULT["slowloris"] = (time.monotonic() - start, sent)
        slow.close()

        # Oversized: a 1 MiB head, and a body of 100 GB announced.
        RESULT["oversized"] = []
        for request in [b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n",
                        b"POST /v1/tenants HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000\r\n\r\n"]:
            with context.wrap_socket(socket.create_connection(address, timeout=5), server_hostname=HOST) as big:
                try:
                    big.sendall(request)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass
                try:
                    answer = big.recv(4096)
                except (ConnectionResetError, ssl.SSLError):
                    answer = b""
                RESULT["oversized"].append(answer.split(b"\r\n", 1)[0].decode(errors="replace"))

        def idle_wave(count, stall=False):
            """Opens `count` idle connections without waiting; returns them and the lab's RSS once
            they are in (after a client was served among them). With `stall` the lab is stopped
            (SIGSTOP) while they are opened, as a loaded machine stalls it: its accept queue
            overflows, which is what a clean CI run met."""
            if stall:
                os.kill(pid, signal.SIGSTOP)
            sockets = []
            for _ in range(count):
                s = socket.socket()
                s.setblocking(False)
                s.connect_ex(address)
                sockets.append(s)
            if stall:
                time.sleep(1)
                os.kill(pid, signal.SIGCONT)
            time.sleep(0.5)
            RESULT["threads"] = max(RESULT.get("threads", 0), status(pid, "Threads"))
            return sockets, served(address, ready["ca_file"]), rss_mb(pid)

        def lab_side_ports():
            """Client ports of the lab's connections on its port that the kernel still holds for
            it: accepted by the lab, or waiting in its accept queue (ESTABLISHED or SYN_RECV)."""
            ports = set()
            for table in ("/proc/net/tcp", "/proc/net/tcp6"):
                try:
                    with open(table) as f:
                        next(f)
                        for line in f:
                            fields = line.split()
                            local, remote, state = fields[1], fields[2], fields[3]
                            if int(local.rsplit(":", 1)[1], 16) == BASE and state in ("01", "03"):
                                ports.add(int(remote.rsplit(":", 1)[1], 16))
                except FileNotFoundError:
                    pass
            return ports

        def client_state(sock):
            """The client socket's TCP state (ESTABLISHED, SYN_SENT = 2, ...), from TCP_INFO."""
            return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0]

        def close_when_closed(sockets, patience):
            """Waits up to `patience` s for the lab to close every one of `sockets` it holds
            (those still in its accept queue under load are accepted, then held to the limit);
            closes them all here. Returns how many the lab still holds, and how many the
            kernel turned away: (held, ACK dropped, SYN dropped). Under load the kernel turns clients away without the lab: at a full
            accept queue it drops SYNs (the client stays in SYN_SENT, retrying ever more slowly)
            and the last ACKs of handshakes (the client believes in a connection the lab never
            saw, and an idle client is never told). Neither holds anything of the lab's: a
            client socket the lab's side has no socket for, twice in a row, is counted apart."""
            end = time.monotonic() + patience
            left = list(sockets)
            ports = {s: s.getsockname()[1] for s in left}
            absent = set()  # not on the lab's side at the last look
            forgotten = 0
            while time.monotonic() < end:
                still = []
                for s in left:
                    try:
                        if s.recv(1) != b"":
                            still.append(s)
                            continue
                    except BlockingIOError:
                        still.append(s)
                        continue
                    except OSError:
                        pass
                    s.close()
                held = lab_side_ports()
                left = []
                for s in still:
                    if ports[s] in held:
                        absent.discard(s)
                        left.append(s)
                    elif s in absent and client_state(s) == ESTABLISHED:
                        forgotten += 1
                        s.close()
                    else:
                        absent.add(s)
                        left.append(s)
                if not any(ports[s] in held or client_state(s) == ESTABLISHED for s in left):
                    break
                time.sleep(0.25)
            held = lab_side_ports()
            still_held = sum(1 for s in left if ports[s] in held)
            for s in left:
                s.close()
            return still_held, forgotten, len(left) - still_held

        # First as many idle connections as the cap, then 10,000: memory follows the cap (the
        # same build: sanitizers cost far more per thread), never the flood.
        wave, _, RESULT["rss_at_cap"] = idle_wave(MAX_CONNECTIONS)
        close_when_closed(wave, 30)
        start = time.monotonic()
        idle, RESULT["during"], RESULT["rss_during"] = idle_wave(IDLE, stall=True)
        RESULT["opened_in"] = time.monotonic() - start
        # Every idle one is closed by the lab: shed at the cap, or at the first-request limit.
        start = time.monotonic()
        RESULT["still_open"], RESULT["acks_dropped"], RESULT["syns_dropped"] = close_when_closed(idle, 60)
        RESULT["all_closed_in"] = time.monotonic() - start
        RESULT["after"] = served(address, ready["ca_file"])
        RESULT["alive"] = ready["_process"].poll() is None
    RESULT["log"] = log.read()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    print(f"slowloris closed after {RESULT['slowloris'][0]:.1f} s ({RESULT['slowloris'][1]} bytes); "
          f"{IDLE} idle opened in {RESULT['opened_in']:.1f} s, a client served meanwhile in "
          f"{RESULT['during'][0] * 1000:.0f} ms; lab RSS {RESULT['rss_before']:.0f} MiB, {RESULT['rss_at_cap']:.0f} MiB "
          f"with {MAX_CONNECTIONS} idle, {RESULT['rss_during']:.0f} MiB with {IDLE}; at most {RESULT['threads']} threads; "
          f"all closed by the lab {RESULT['all_closed_in']:.1f} s after the flood "
          f"(the kernel turned {RESULT['acks_dropped']} away at the last ACK, "
          f"{RESULT['syns_dropped']} still at the SYN, at a full accept queue); "
          f"oversized: {RESULT['oversized']}")


@case
def a_slowloris_head_is_cut_off_at_the_first_request_limit():
    seconds, sent = RESULT["slowloris"]
    check(FIRST_REQUEST_MS / 1000 - 0.5 < seconds < FIRST_REQUEST_MS / 1000 + 2.5, f"closed after {seconds:.1f} s")
    check("no complete request within" in RESULT["log"], RESULT["log"][-2000:])


@case
def oversized_requests_are_refused_with_their_status():
    check(RESULT["oversized"][0].startswith("HTTP/1.1 431"), RESULT["oversized"])
    check(RESULT["oversized"][1].startswith("HTTP/1.1 413"), RESULT["oversized"])


@case
def ten_thousand_idle_connections_do_not_stop_a_real_client():
    check(RESULT["calm"][1] == "HTTP/1.1 200 OK", RESULT["calm"])
    # Served, not refused: without shedding, the cap's worth of idle connections held every slot.
    # Its time is not bounded tightly: it waits in the accept queue behind the flood, which a
    # sanitizer build on a loaded machine accepts slowly.
    check(RESULT["during"][1] == "HTTP/1.1 200 OK" and RESULT["during"][0] < 30, RESULT["during"])
    check(RESULT["after"][1] == "HTTP/1.1 200 OK", RESULT["after"])
    check(RESULT["alive"], "the lab died")


@case
def idle_connections_are_bounded_and_logged():
    check(RESULT["still_open"] == 0, f"{RESULT['still_open']} idle connections still open")
    # Twice what the cap's worth of idle connections cost at most: 10,000 threads would be 20x.
    grown = RESULT["rss_at_cap"] - RESULT["rss_before"]
    check(RESULT["rss_during"] < RESULT["rss_at_cap"] + max(64, grown),
          f"lab RSS {RESULT['rss_before']:.0f} MiB, {RESULT['rss_at_cap']:.0f} with {MAX_CONNECTIONS} idle, "
          f"{RESULT['rss_during']:.0f} with {IDLE}")
    check(RESULT["threads"] <= MAX_CONNECTIONS + 64, f"{RESULT['threads']} lab threads for a cap of {MAX_CONNECTIONS}")
    check("connection limit" in RESULT["log"], RESULT["log"][-2000:])


harness.finish()
