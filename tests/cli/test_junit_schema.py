"""The JUnit schema (tests/data/junit.xsd) takes the golden JUnit report and rejects what
strict consumers reject: a file without a testsuite's hostname or a testcase's time."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "..", "data", "junit.xsd")
GOLDEN = os.path.join(HERE, "..", "golden", "check.junit.xml")


def validate(text):
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(text)
    try:
        return subprocess.run(["xmllint", "--noout", "--schema", XSD, f.name], capture_output=True, text=True)
    finally:
        os.unlink(f.name)


@case
def the_golden_report_validates():
    with open(GOLDEN) as f:
        proc = validate(f.read())
    check(proc.returncode == 0, proc.stderr)


@case
def missing_times_hostnames_and_totals_are_rejected():
    with open(GOLDEN) as f:
        text = f.read()
    for pattern, what in ((r' hostname="[^"]*"', "testsuite hostname"), (r'(<testcase[^>]*) time="[^"]*"', "testcase time"),
                          (r'(<testsuites[^>]*) failures="[^"]*"', "testsuites totals"),
                          (r' timestamp="[^"]*"', "testsuite timestamp")):
        broken = re.sub(pattern, r"\1" if "(" in pattern else "", text, count=1)
        check(broken != text, f"the golden file has a {what}")
        check(validate(broken).returncode != 0, f"a report without {what} must not validate")


finish()
