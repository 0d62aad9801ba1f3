"""`rules` output, fed back to `audit` in the same dialect, covers every endpoint."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run, run_json  # noqa: E402

code, listing, _ = run("dialects")
DIALECTS = [line.split(" ")[0] for line in listing.splitlines() if " — " in line]
AGENT_SETS = ["all", "cca", "cdca-v2", "erds", "rdms", "meap-cca", "cdca-v1"]


@case
def every_dialect_is_listed():
    check(code == 0 and len(DIALECTS) == 12, f"dialects: {DIALECTS}")


@case
def rules_feed_back_into_audit_for_every_dialect():
    with tempfile.TemporaryDirectory() as tmp:
        for dialect in DIALECTS:
            for agents in AGENT_SETS:
                rc, out, err = run("rules", "--agent", agents, "--dialect", dialect)
                check(rc == 0, f"{dialect}/{agents}: rules exit {rc}: {err}")
                path = os.path.join(tmp, f"{dialect}-{agents}.txt")
                with open(path, "w") as f:
                    f.write(out)
                rc, report, err = run_json("audit", "--allowlist", path, "--dialect", dialect,
                                           "--agent", agents)
                check(rc == 0, f"{dialect}/{agents}: audit exit {rc}: {err}\n{out}")
                check(report["ready"], f"{dialect}/{agents}: not ready")
                uncovered = [e["host"] for e in report["endpoints"]
                             if e["status"] != "covered" and e["required"]]
                check(not uncovered, f"{dialect}/{agents}: uncovered {uncovered}")
                check(report["missing_rules"] == [], f"{dialect}/{agents}: still missing rules")


@case
def rules_put_wildcards_first_and_list_the_exception():
    rc, out, _ = run_json("rules", "--agent", "cdca-v2", "--dialect", "squid")
    check(rc == 0, "exit")
    kinds = [(r["rule"], r["kind"]) for r in out["rules"]]
    check(kinds == [(".srv.ygles.com", "wildcard"), ("gdlp01.c-wss.com", "exception")], kinds)


@case
def rules_name_the_tls_inspection_bypass():
    rc, out, _ = run_json("rules", "--agent", "cca", "--dialect", "panos-url")
    check(out["tls_inspection_bypass"] == ["a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com"],
          out["tls_inspection_bypass"])
    rc, text, _ = run("rules", "--agent", "cca", "--dialect", "panos-url")
    check("ssl-exclude-cert a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com" in text, text)
    rc, text, err = run("rules", "--agent", "cca", "--dialect", "aws-nfw")
    check("exclude a2etju7iem1tgc-ats" in err, f"JSON dialects say it on stderr: {err}")


@case
def iot_alternative_port_is_noted():
    rc, text, _ = run("rules", "--agent", "cca", "--dialect", "plain")
    check("*.amazonaws.com:443  # a2etju7iem1tgc-ats.iot.eu-central-1.amazonaws.com: 443 or 8883"
          in text, text)


finish()
