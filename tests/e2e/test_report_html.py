#!/usr/bin/env python3
"""The HTML compliance report in a real browser (issue 10, section 3): a lab check written as
--format html is printed to PDF by headless Chromium (Debian's chromium, inside a network
namespace of its own: it can fetch nothing), and pdftotext (poppler-utils) must find the
result, every host and the appendix in the PDF. Page 1 is kept as a PNG test artefact
(in $EMREADY_ARTEFACTS — ctest sets build/<preset>/test-artefacts — else the temporary
directory)."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import lab  # noqa: E402
from harness import case, check  # noqa: E402

EMREADY = os.path.abspath(harness.EMREADY)
DOMAIN = "html.emready.test"
NAMES = {"ok": {}, "refused": {"tls": "refuse"}, "inspected": {"tls": "inspection"}, "expired": {"tls": "expired"}}

for tool in ("chromium", "pdftotext", "pdftoppm"):
    if shutil.which(tool) is None:
        raise SystemExit(f"{tool} is needed (Debian packages chromium, poppler-utils)")

RESULT = {}
AUDIT = {}


def print_to_pdf(html, tmp):
    """Prints `html` with headless Chromium, in a network namespace: it can fetch nothing."""
    pdf = html[:-len(".html")] + ".pdf"
    chromium = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={tmp}/chromium",
                f"--print-to-pdf={pdf}", f"file://{html}"]
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    printed = subprocess.run(unshare + chromium, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "HOME": tmp})
    return pdf, printed


def run_audit_report():
    """The audit's HTML record of a list that misses *.ugwdevice.net, printed the same way."""
    tmp = tempfile.mkdtemp(prefix="emready-audit-html-")
    allow = os.path.join(tmp, "allow.txt")
    with open(allow, "w") as f:
        f.write("*.srv.ygles.com:443\n*.amazonaws.com:443\n")
    html = os.path.join(tmp, "audit.html")
    proc = subprocess.run([EMREADY, "audit", "-l", allow, "-d", "plain", "--agent", "cca,erds", "--format", "html",
                           "-o", html], capture_output=True, text=True, timeout=60)
    AUDIT["code"] = proc.returncode
    with open(html) as f:
        AUDIT["html"] = f.read()
    pdf, AUDIT["chromium"] = print_to_pdf(html, tmp)
    AUDIT["text"] = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                                   timeout=60).stdout if os.path.exists(pdf) else ""
    shutil.rmtree(tmp, ignore_errors=True)


def run_report():
    tmp = tempfile.mkdtemp(prefix="emready-html-")
    profiles = os.path.join(tmp, "profiles")
    os.makedirs(profiles)
    lines = ["agent: html-site", "title: a site for the HTML report", "endpoints:"]
    lines += [f"  - host: {n}.{DOMAIN}\n    ports: [443]" for n in NAMES]
    with open(os.path.join(profiles, "html-site.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    scenario = {"agents": ["html-site"], "address_base": "127.74.0.0", "port_map": {443: 25443},
                "hosts": {f"{n}.{DOMAIN}": h for n, h in NAMES.items() if h}}
    html = os.path.join(tmp, "report.html")
    with lab.serve(EMREADY, scenario, profiles_dir=profiles) as ready:
        proc = subprocess.run([EMREADY, "--profiles", profiles, "check", "--agent", "html-site", "--format", "html",
                               "-o", html, "--ca-file", ready["ca_file"], "--dns-server", ready["dns"],
                               "--port-map", ready["port_map"], "--no-proxy", "--accept-range", "127.74.0.0/16",
                               "--tcp-timeout", "2"], capture_output=True, text=True, timeout=60)
    RESULT["code"] = proc.returncode
    with open(html) as f:
        RESULT["html"] = f.read()
    pdf, printed = print_to_pdf(html, tmp)
    RESULT["chromium"] = printed
    RESULT["pdf_exists"] = os.path.exists(pdf) and os.path.getsize(pdf) > 0
    if RESULT["pdf_exists"]:
        RESULT["text"] = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                                        timeout=60).stdout
        artefacts = os.environ.get("EMREADY_ARTEFACTS", tempfile.gettempdir())
        os.makedirs(artefacts, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf,
                        os.path.join(artefacts, "emready-report-page1")], check=True, timeout=60)
        RESULT["png"] = os.path.join(artefacts, "emready-report-page1.png")
        RESULT["pages"] = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    shutil.rmtree(tmp, ignore_errors=True)


run_report()
run_audit_report()


@case
def chromium_prints_the_report_to_pdf():
    printed = RESULT["chromium"]
    check(RESULT["pdf_exists"], f"chromium made no PDF: {printed.returncode} {printed.stderr[-1500:]}")
    check(os.path.exists(RESULT["png"]), "page 1 kept as a PNG artefact")
    check("A4" in RESULT["pages"] or "595" in RESULT["pages"], f"A4 pages: {RESULT['pages']}")


@case
def the_pdf_holds_the_result_every_host_and_the_appendix():
    text = RESULT["text"]
    check(RESULT["code"] == 1, f"not ready: exit {RESULT['code']}")
    check("Result: NOT READY" in text, text[:500])
    for name in NAMES:
        check(f"{name}.{DOMAIN}" in text, f"{name} in the PDF")
    for words in ("What eM sends and stores", "AES-256", "Frankfurt", "ISO/IEC 27001", "Not a production check",
                  "What to change", "TLS-inspection bypass list"):
        check(words in " ".join(text.split()), f"'{words}' in the PDF")


@case
def the_html_is_self_contained():
    html = RESULT["html"]
    check("<script" not in html and "src=" not in html and "http://" not in html, "no scripts, no requests")


@case
def the_audit_record_prints_with_its_result_rules_and_appendix():
    text = " ".join(AUDIT["text"].split())
    check(AUDIT["code"] == 1, f"not ready: exit {AUDIT['code']}")
    check(text, f"chromium made no audit PDF: {AUDIT['chromium'].stderr[-1500:]}")
    for words in ("Canon eMaintenance allow-list audit", "Result: NOT READY", "a01.ugwdevice.net", "NOT COVERED",
                  "Rules to add (plain)", "*.ugwdevice.net:443", "Exclude from TLS inspection", "SHA-256",
                  "What eM sends and stores"):
        check(words in text, f"'{words}' in the audit PDF")
    html = AUDIT["html"]
    check("<script" not in html and "src=" not in html and "http://" not in html, "no scripts, no requests")


harness.finish()
