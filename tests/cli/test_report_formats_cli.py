"""`audit` in every format (JUnit validated with xmllint, Markdown and HTML records), `-o`
on every command that writes a report (the file holds what stdout would), and the one-line
summary per agent on stderr when the report goes to a file and stderr is a terminal."""
import os
import pty
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import EMREADY, case, check, finish, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "..", "data", "junit.xsd")
TMP = tempfile.mkdtemp()


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# cca and erds: cca fully allowed, erds missing *.ugwdevice.net; one conditional host left out.
PARTIAL = write("partial.txt", "*.srv.ygles.com:443\n*.amazonaws.com:443\n*.amazonaws.com:8883\n")
FULL = write("full.txt", "*.srv.ygles.com:443\n*.amazonaws.com:443\n*.ugwdevice.net:443\n")


def validate(path):
    return subprocess.run(["xmllint", "--noout", "--schema", XSD, path], capture_output=True, text=True)


@case
def audit_junit_validates_and_fails_only_what_no_rule_allows():
    out = os.path.join(TMP, "audit.xml")
    rc, _, err = run("audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca,erds", "--format", "junit", "-o", out)
    check(rc == 1, f"exit {rc} {err}")
    proc = validate(out)
    check(proc.returncode == 0, proc.stderr)
    text = open(out).read()
    check('<testsuite name="cca"' in text and '<testsuite name="erds"' in text, text[:500])
    failures = re.findall(r'<testcase classname="emready.audit.(\w+)" name="([^"]+)"[^>]*>\s*<failure', text)
    check(failures == [("erds", "a01.ugwdevice.net:443"), ("erds", "b01.ugwdevice.net:443")], failures)
    check('type="not-covered"' in text and "*.ugwdevice.net:443" in text, "failure type and the fix")
    rc, _, _ = run("audit", "-l", write("ugw.txt", "*.ugwdevice.net:443\n"), "-d", "plain", "--agent", "erds",
                   "--format", "junit", "-o", out)
    skipped = open(out).read()
    check(rc == 0 and "<failure" not in skipped, f"exit {rc}: erds is ready without its conditional host")
    check('name="cnvextdata-an1s.srv.ygles.com:443"' in skipped and "<skipped" in skipped and
          "needed only when" in skipped, "the conditional endpoint is skipped with its condition")
    check(validate(out).returncode == 0, "the skipped report validates")
    check('hostname="' in text and 'timestamp="' in text, "strict consumers' attributes")
    # Either-port: cca's MQTT host needs 443 or 8883; allowing only 8883 passes.
    rc, _, _ = run("audit", "-l", write("mqtt-only.txt", "*.srv.ygles.com:443\n*.amazonaws.com:443\n"),
                   "-d", "plain", "--agent", "cca", "--format", "junit", "-o", out)
    check(rc == 0 and "<failure" not in open(out).read(), f"exit {rc}: a ready site never fails CI")
    check(validate(out).returncode == 0, "the ready report validates too")


@case
def audit_markdown_and_html_records():
    rc, md, err = run("audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca,erds", "--format", "markdown")
    check(rc == 1, f"exit {rc} {err}")
    for heading in ("# Canon eMaintenance allow-list audit", "**Result: NOT READY**", "## Agents", "## Endpoints",
                    "## Rules to add (plain)", "## Profiles", "## Appendix"):
        check(heading in md, f"{heading} in the markdown")
    check(re.search(r"Allow-list: .*partial\.txt \(SHA-256 [0-9a-f]{64}\)", md), "the list's file and SHA-256")
    rc, md_full, _ = run("audit", "-l", FULL, "-d", "plain", "--agent", "cca,erds", "--format", "markdown")
    check(rc == 0 and "## Rules to add" not in md_full, "no empty heading when no rule is missing")
    # A file name an admin's tool made: it reaches the record, and must arrive escaped.
    evil = write("<script>alert(1)<script>&.txt", "*.srv.ygles.com\n*.amazonaws.com\n")
    rc, html, err = run("audit", "-l", evil, "-d", "plain", "--agent", "cca", "--format", "html")
    check(rc == 0 and "&lt;script&gt;alert(1)&lt;script&gt;&amp;.txt" in html and "<script" not in html,
          f"exit {rc}: the file name is escaped {err[:200]}")
    rc, html, _ = run("audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca,erds", "--format", "html")
    check(html.startswith("<!DOCTYPE html>") and "<script" not in html and "src=" not in html and "href=" not in html,
          "self-contained, nothing runs or is fetched")
    check("<h2>Exclude from TLS inspection</h2>" in html, "the bypass list apart from the rules")
    check("Result: NOT READY" in html and "a01.ugwdevice.net" in html and "Rules to add (plain)" in html, html[:400])


@case
def every_report_command_writes_with_o_what_it_prints():
    commands = [
        ["audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca"],
        ["audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca", "--format", "junit"],
        ["rules", "--agent", "cca", "--dialect", "squid"],
        ["rules", "--agent", "cca", "--format", "json"],
        ["profiles"],
        ["profiles", "--format", "json"],
        ["profiles", "show", "cca"],
        ["schema", "check"],
    ]
    # Times of day and durations (a loaded machine takes a millisecond more one run than the other).
    volatile = re.compile(r'"(started_at|finished_at)": "[^"]*"|timestamp="[^"]*"| time="[^"]*"|name="started_at" value="[^"]*"|Generated by emready [^\n]*|'
                          r'"command_line": \[[^\]]*\]')
    for args in commands:
        rc, printed, err = run(*args)
        path = os.path.join(TMP, "out.txt")
        if os.path.exists(path):
            os.unlink(path)
        rc2, nothing, err2 = run(*args, "-o", path)
        check(rc == rc2 and nothing == "", f"{args}: exit {rc}/{rc2}, stdout {nothing[:100]!r} {err2}")
        written = open(path).read()
        check(volatile.sub("", written) == volatile.sub("", printed), f"{args}: the file differs from stdout")
    rc, _, err = run("rules", "--agent", "cca", "-o", "/nonexistent/dir/rules.txt")
    check(rc == 2 and "No such file or directory" in err, f"exit {rc}: {err}")


def run_with_terminal_stderr(*args):
    """Runs emready with stderr on a pseudo-terminal; returns (exit code, what stderr showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([EMREADY, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=60), shown.decode().replace("\r\n", "\n")


@case
def with_o_on_a_terminal_a_line_per_agent_still_goes_to_stderr():
    path = os.path.join(TMP, "report.html")
    rc, shown = run_with_terminal_stderr("audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca,erds",
                                         "--format", "html", "-o", path)
    check(rc == 1, f"exit {rc}")
    check("emready: cca: every required endpoint allowed\n" in shown, shown)
    check("emready: erds NOT READY: 2 required endpoints not allowed (a01.ugwdevice.net, b01.ugwdevice.net)" in shown,
          shown)
    check(f"emready: report written to {path}" in shown, shown)
    # Not a terminal (CI logs, scripts): nothing on stderr.
    rc, _, err = run("audit", "-l", PARTIAL, "-d", "plain", "--agent", "cca,erds", "-o", path)
    check(rc == 1 and err == "", f"exit {rc}, stderr {err!r}")


finish()
