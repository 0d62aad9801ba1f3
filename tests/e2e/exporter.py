"""Starts `emready serve` for a test: on 127.0.0.1 port 0, ready once /-/healthy answers;
always stopped (SIGTERM, then SIGKILL) by its PID."""
import contextlib
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import lab


def lab_check_options(ready, accept_range, timeout="1"):
    """The options that point a check (or serve) at the lab `ready`."""
    return ["--ca-file", ready["ca_file"], "--dns-server", ready["dns"], "--port-map", ready["port_map"],
            "--no-proxy", "--accept-range", accept_range, "--dns-timeout", timeout, "--tcp-timeout", timeout,
            "--tls-timeout", timeout]


def get(url, headers=None, timeout=30, method="GET"):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@contextlib.contextmanager
def serve(emready, args, deadline=30, extra_global=()):
    """Yields a dict: "base" (its URL), "process", "log" (its stderr's path); once it is
    stopped, "stderr" holds what it said and "code" its exit status."""
    log = tempfile.NamedTemporaryFile("w+", prefix="emready-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen([emready, *extra_global, "serve", "--listen", "127.0.0.1:0", *args], stdout=subprocess.DEVNULL,
                            stderr=log, text=True)
    try:
        base = None
        end = time.monotonic() + deadline
        while time.monotonic() < end and base is None:
            if proc.poll() is not None:
                raise AssertionError(f"emready serve exited {proc.returncode}: {open(log.name).read()[-2000:]}")
            for line in open(log.name):
                if "listening on http://" in line:
                    base = "http://" + line.split("http://", 1)[1].split("/", 1)[0]
            time.sleep(0.05)
        if base is None:
            raise AssertionError(f"emready serve did not say where it listens: {open(log.name).read()[-2000:]}")
        while time.monotonic() < end and get(base + "/-/healthy", timeout=5)[0] != 200:
            time.sleep(0.05)
        info = {"base": base, "process": proc, "log": log.name}
        yield info
    finally:
        lab.stop(proc)
        if "info" in locals():
            info["stderr"] = open(log.name).read()
            info["code"] = proc.returncode
        log.close()
        remove(log.name)


def stderr_of(info):
    with open(info["log"]) as f:
        return f.read()


def remove(path):
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
