"""`emready audit` verdicts, exit codes and located errors."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run, run_json  # noqa: E402

TMP = tempfile.mkdtemp()


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


@case
def squid_acl_lines_and_includes():
    write("extra.txt", "# included\n.ugwdevice.net\n")
    path = write("squid.conf", 'http_port 3128\nacl SSL_ports port 443\n'
                 'acl canon dstdomain .srv.ygles.com "extra.txt"\n.amazonaws.com\n'
                 'http_access allow canon\n')
    rc, out, err = run_json("audit", "-l", path, "-d", "squid", "--agent", "cca,erds,meap-http")
    check(rc == 0, f"exit {rc} {err}")
    check(out["rules_read"] == 3 and out["ignored_lines"] == 3, out)
    origins = {e["host"]: e["covered_ports"]["443"] for e in out["endpoints"]}
    check(origins["a01.ugwdevice.net"]["file"].endswith("extra.txt"), origins)
    check(origins["a01.ugwdevice.net"]["line"] == 2, origins)


@case
def a_pac_file_is_also_run_and_its_routes_shown():
    path = write("site.pac", 'function FindProxyForURL(url, host) {\n'
                 '  if (shExpMatch(host, "*.srv.ygles.com")) return "DIRECT";\n'
                 '  if (dnsDomainIs(host, ".ugwdevice.net")) return "PROXY p.corp.example:3128";\n'
                 '  return "PROXY blackhole.corp.example:1";\n}\n')
    rc, out, err = run_json("audit", "-l", path, "-d", "pac", "--agent", "erds")
    routes = {e["host"]: e["pac_route"] for e in out["endpoints"]}
    check(routes["cnvextdata-an1s.srv.ygles.com"] == "DIRECT", routes)
    check(routes["a01.ugwdevice.net"] == "PROXY p.corp.example:3128", routes)
    check("evaluated offline" in out["pac_evaluation"], out.get("pac_evaluation"))
    rc, text, _ = run("audit", "-l", path, "-d", "pac", "--agent", "erds")
    check("PAC ROUTE" in text and "PROXY p.corp.example:3128" in text, text)
    bad = write("throws.pac", "function FindProxyForURL(url, host) {\n  return nothing.here;\n}\n")
    rc, _, err = run("audit", "-l", bad, "-d", "pac", "--agent", "erds")
    check(rc == 2 and "throws.pac:2:" in err and "ReferenceError" in err, f"exit {rc}: {err}")
    loops = write("loops.pac", "function FindProxyForURL(url, host) { for (;;) {} }\n")
    rc, _, err = run("audit", "-l", loops, "-d", "pac", "--agent", "erds")
    check(rc == 2 and "did not return within 2 s" in err, f"exit {rc}: {err}")


@case
def file_errors_carry_the_os_reason_and_counts_agree():
    rc, _, err = run("audit", "-l", "/nonexistent/allow.txt", "-d", "plain")
    check(rc == 2 and "cannot read allow-list '/nonexistent/allow.txt': No such file or directory" in err, err)
    one = write("one.txt", "*.srv.ygles.com\n")
    rc, text, _ = run("audit", "-l", one, "-d", "plain", "--agent", "cdca-v1")
    check(": 1 rule\n" in text, text[:200])
    out = os.path.join(TMP, "report.json")
    rc, text, err = run("audit", "-l", one, "-d", "plain", "--agent", "cdca-v1", "--format", "json", "-o", out)
    check(text == "" and os.path.getsize(out) > 0, f"-o writes the file, not stdout: {text[:100]} {err}")
    rc, _, err = run("audit", "-l", one, "-d", "plain", "-o", "/nonexistent/dir/report.txt")
    check(rc == 2 and "No such file or directory" in err, err)


@case
def missing_endpoint_fails_with_exit_1_and_a_rule_to_paste():
    path = write("partial.txt", "*.srv.ygles.com\n")
    rc, text, _ = run("audit", "-l", path, "-d", "plain", "--agent", "cdca-v2")
    check(rc == 1, f"exit {rc}")
    check("NOT COVERED" in text and "gdlp01.c-wss.com:443" in text, text)
    rc, out, _ = run_json("audit", "-l", path, "-d", "plain", "--agent", "cdca-v2")
    check(out["agents"] == [{"agent": "cdca-v2", "ready": False, "missing": ["gdlp01.c-wss.com"]}],
          out["agents"])


@case
def port_not_covered_is_its_own_status():
    path = write("ports.txt", "*.c-cdsknn.net:80\n")
    rc, out, _ = run_json("audit", "-l", path, "-d", "plain", "--agent", "rdms")
    check(rc == 1, rc)
    check({e["status"] for e in out["endpoints"]} == {"port-not-covered"}, out["endpoints"])
    check(out["missing_rules"][0]["rule"] == "*.c-cdsknn.net:443", out["missing_rules"])


@case
def amazonaws_wildcard_depends_on_the_dialect():
    # Canon's *.amazonaws.com: enough for PAN-OS URL categories, dead as a decryption exclusion.
    path = write("aws.txt", "*.amazonaws.com\n*.srv.ygles.com\n")
    rc, _, _ = run("audit", "-l", path, "-d", "panos-url", "--agent", "cca")
    check(rc == 0, rc)
    rc, out, _ = run_json("audit", "-l", path, "-d", "panos-decrypt", "--agent", "cca")
    check(rc == 1, rc)
    check(any(w["kind"] == "dead" and w["rule"] == "*.amazonaws.com" for w in out["warnings"]),
          out["warnings"])


@case
def bad_rule_is_located():
    path = write("bad.txt", "*.srv.ygles.com\n\n  bad_host.example.com\n")
    rc, out, err = run("audit", "-l", path, "-d", "plain")
    check(rc == 2, rc)
    check(err == f"emready: error: {path}:3:3: plain: invalid rule 'bad_host.example.com': "
                 "character '_' is not allowed in a host name (letters, digits, '-')\n"
                 "    bad_host.example.com\n"
                 "    ^\n", err)


@case
def json_rule_group_error_is_located():
    path = write("nfw.json", '{"RulesSourceList": {"Targets": [".srv.ygles.com", "*.amazonaws.com"],'
                 ' "GeneratedRulesType": "ALLOWLIST"}}')
    rc, _, err = run("audit", "-l", path, "-d", "aws-nfw")
    check(rc == 2, rc)
    check(f"{path}:1:53: aws-nfw: entries have no '*'" in err, err)


@case
def usage_errors_exit_2_with_did_you_mean():
    rc, _, err = run("audit", "-l", "/nonexistent", "-d", "plain")
    check(rc == 2 and "cannot read allow-list '/nonexistent'" in err, err)
    rc, _, err = run("audit", "-l", "/dev/null", "-d", "sqiud")
    check(rc == 2 and "unknown dialect 'sqiud' (did you mean 'squid'?)" in err, err)
    rc, _, err = run("rules", "--agent", "ccaa")
    check(rc == 2 and "unknown agent 'ccaa' (did you mean 'cca'?)" in err, err)
    rc, _, err = run("audti")
    check(rc == 2 and "unknown command 'audti' (did you mean 'audit'?)" in err, err)
    rc, _, err = run("rules", "--bogus")
    check(rc == 2, rc)


@case
def help_and_version():
    for args in (["--help"], ["audit", "--help"], ["rules", "--help"], ["profiles", "--help"],
                 ["profiles", "show", "--help"], ["dialects", "--help"]):
        rc, out, _ = run(*args)
        check(rc == 0 and "Example" in out, f"{args}: {rc}")
    rc, out, _ = run("--version")
    check(rc == 0 and out.startswith("emready "), out)
    rc, out, _ = run("audit", "--help")
    check("fortigate" in out and "unconfirmed" in out, "audit --help lists dialects")


finish()
