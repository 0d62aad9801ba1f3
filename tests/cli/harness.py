"""Runs the emready binary and checks what an admin would see. No network is used."""
import json
import subprocess
import sys
import traceback

EMREADY = sys.argv[1]
_results = {"passed": 0, "failed": 0}


def run(*args, stdin=None, env=None):
    """Runs emready with `args`; returns (exit code, stdout, stderr)."""
    proc = subprocess.run([EMREADY, *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def run_json(*args):
    code, out, err = run(*args, "--format", "json")
    try:
        return code, json.loads(out), err
    except json.JSONDecodeError as e:
        raise AssertionError(f"not JSON ({e}): {out[:400]!r} stderr={err[:400]!r}")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def case(fn):
    """Registers and immediately runs one test case."""
    try:
        fn()
        _results["passed"] += 1
        print(f"ok   {fn.__name__}")
    except Exception:  # report every failure, keep going
        _results["failed"] += 1
        print(f"FAIL {fn.__name__}")
        traceback.print_exc()
    return fn


def finish():
    print(f"{_results['passed']} passed, {_results['failed']} failed")
    sys.exit(1 if _results["failed"] else 0)
