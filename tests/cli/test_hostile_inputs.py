"""Hostile and careless inputs (issue 11, section 1): each ends in a located error and exit
2 (or a correct reading), never a crash, a hang, unbounded memory or a silent "covered".
Each case failed before its fix."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import EMREADY, case, check, finish, run  # noqa: E402

TMP = tempfile.mkdtemp()


def write(name, text, mode="w"):
    path = os.path.join(TMP, name)
    with open(path, mode) as f:
        f.write(text)
    return path


def audit(path, dialect, *args, agent="cca"):
    return run("audit", "-l", path, "-d", dialect, "--agent", agent, *args)


def located(err, path):
    """The message names the file with a line and column."""
    return f"{path}:" in err and err.count(":") >= 3


@case
def deeply_nested_json_is_a_located_error_not_a_stack_overflow():
    for dialect in ("aws-nfw", "azure-app"):
        path = write(f"deep-{dialect}.json", "[" * 10000 + "]" * 10000)
        rc, _, err = audit(path, dialect)
        check(rc == 2 and "nested deeper than 64 levels" in err and f"{path}:1:65" in err,
              f"{dialect}: exit {rc}: {err[:300]}")


@case
def azure_ports_are_read_exactly_or_refused():
    def rule(port):
        return json.dumps({"rules": [{"name": "r", "protocols": [{"protocolType": "Https", "port": port}],
                                      "targetFqdns": ["*.srv.ygles.com"]}]})
    for port, why in ((4294967739, "4294967739 is out of range (1..64000)"),
                      (-4294966853, "-4294966853 is out of range (1..64000)"),
                      (443.9, "must be a whole number, not 443.9"),
                      ("443", "must be a number, not string"),
                      (None, "must be a number, not null")):
        path = write("azure.json", rule(port))
        rc, out, err = audit(path, "azure-app", agent="erds")
        check(rc == 2, f"port {port!r}: exit {rc} (a wrapped port reads as 443): {out[:200]} {err[:200]}")
        check(why in err and "/rules/0/protocols/0/port" in err and f"{path}:1:" in err,
              f"port {port!r}: {err[:300]}")


@case
def wrong_json_types_are_located_input_errors():
    cases = [
        ("azure-app", {"rules": [{"protocols": [{"protocolType": 443, "port": 443}], "targetFqdns": ["a.b"]}]},
         "/rules/0/protocols/0/protocolType: must be a string, not number"),
        ("azure-app", {"rules": [{"protocols": ["https:443"], "targetFqdns": ["a.b"]}]},
         "/rules/0/protocols/0: must be an object"),
        ("azure-app", {"rules": [{"protocols": [{"protocolType": "Https", "port": 443}], "targetFqdns": [443]}]},
         "/rules/0/targetFqdns/0: must be a string, not number"),
        ("aws-nfw", {"RulesSourceList": {"Targets": [".srv.ygles.com"], "GeneratedRulesType": 1}},
         "/RulesSourceList/GeneratedRulesType: must be a string, not number"),
        ("aws-nfw", {"RulesSourceList": {"Targets": ".srv.ygles.com"}},
         "/RulesSourceList/Targets: must be a list, not string"),
        ("aws-nfw", {"RulesSourceList": {"Targets": [None]}}, "/RulesSourceList/Targets/0: must be a string, not null"),
    ]
    for dialect, doc, why in cases:
        path = write("typed.json", json.dumps(doc, indent=1))
        rc, _, err = audit(path, dialect)
        check(rc == 2 and why in err and located(err, path), f"{dialect} {doc}: exit {rc}: {err[:300]}")


@case
def squid_includes_are_bounded_and_an_empty_name_is_refused():
    path = write("empty-include.conf", 'acl em dstdomain ""\n')
    rc, _, err = audit(path, "squid")
    check(rc == 2 and "needs a file name" in err and f"{path}:1:" in err, f"exit {rc}: {err[:300]}")
    chain = os.path.join(TMP, "chain")
    os.makedirs(chain, exist_ok=True)
    for i in range(200):
        with open(os.path.join(chain, f"{i}.conf"), "w") as f:
            f.write(f'acl em dstdomain "{i + 1}.conf"\n' if i < 199 else ".srv.ygles.com\n")
    rc, _, err = audit(os.path.join(chain, "0.conf"), "squid")
    check(rc == 2 and "nested deeper than 16" in err, f"exit {rc}: {err[:300]}")
    # Included twice side by side is not "includes itself".
    write("twice-part.conf", ".srv.ygles.com\n.amazonaws.com\n")
    twice = write("twice.conf", 'acl a dstdomain "twice-part.conf"\nacl b dstdomain "twice-part.conf"\n')
    rc, _, err = audit(twice, "squid")
    check(rc == 0, f"exit {rc}: {err[:300]}")


@case
def only_regular_files_of_bounded_size_are_read():
    for path, why in (("/dev/zero", "not a regular file"), (TMP, "it is a directory")):
        rc, _, err = audit(path, "plain")
        check(rc == 2 and why in err and path in err, f"{path}: exit {rc}: {err[:300]}")
    fifo = os.path.join(TMP, "fifo")
    os.mkfifo(fifo)
    rc, _, err = audit(fifo, "plain")  # must not wait for a writer
    check(rc == 2 and "not a regular file" in err, f"fifo: exit {rc}: {err[:300]}")
    via_include = write("zero-include.conf", 'acl em dstdomain "/dev/zero"\n')
    rc, _, err = audit(via_include, "squid")
    check(rc == 2 and "not a regular file" in err and f"{via_include}:1:" in err, f"include: exit {rc}: {err[:300]}")
    big = write("big.txt", ".srv.ygles.com\n" * 150000)  # 2.1 MiB
    rc, _, err = run("--max-input-size", "1", "audit", "-l", big, "-d", "plain", "--agent", "cca")
    check(rc == 2 and "larger than 1 MiB" in err and "--max-input-size" in err, f"exit {rc}: {err[:300]}")
    rc, _, err = run("--max-input-size", "3", "audit", "-l", big, "-d", "squid", "--agent", "erds")
    check(rc in (0, 1), f"under the raised limit it is read: exit {rc}: {err[:300]}")
    rc, _, err = run("check", "--pac", "/dev/zero", "--no-proxy")
    check(rc == 2 and "not a regular file" in err and "--pac" in err, f"--pac /dev/zero: exit {rc}: {err[:200]}")
    rc, _, err = run("--profiles", "/dev/zero", "profiles")
    check(rc == 2, f"--profiles /dev/zero: exit {rc}: {err[:200]}")


@case
def a_byte_order_mark_is_not_part_of_the_first_rule():
    path = write("bom.txt", "\ufeff*.srv.ygles.com:443\n*.amazonaws.com:443\n", mode="w")
    rc, out, err = audit(path, "plain")
    check(rc == 0 and "invalid rule" not in err, f"exit {rc}: {err[:300]}")


@case
def a_lab_proxy_allow_list_of_dev_zero_is_refused():
    scenario = write("lab.yaml", "agents: [cca]\nproxy:\n  allowlist: /dev/zero\n")
    proc = subprocess.run([EMREADY, "lab", "serve", "--scenario", scenario], capture_output=True, text=True,
                          timeout=30)
    check(proc.returncode == 2 and "not a regular file" in proc.stderr, f"exit {proc.returncode}: {proc.stderr[:300]}")


@case
def pac_comments_hold_no_rules_and_a_negation_is_not_an_allow():
    commented = write("commented.pac", 'function FindProxyForURL(url, host) {\n'
                      '  /* if (dnsDomainIs(host, ".srv.ygles.com")) return "DIRECT";\n'
                      '     if (dnsDomainIs(host, ".amazonaws.com")) return "DIRECT"; */\n'
                      '  // if (shExpMatch(host, "*.ugwdevice.net")) return "DIRECT";\n'
                      '  return "PROXY p.example:3128";\n}\n')
    rc, out, err = run("audit", "-l", commented, "-d", "pac", "--agent", "cca", "--format", "json")
    data = json.loads(out)
    check(rc == 1 and data["rules_read"] == 0, f"commented-out tests are no rules: exit {rc}, {data.get('rules_read')}")
    negated = write("negated.pac", 'function FindProxyForURL(url, host) {\n'
                    '  if (!dnsDomainIs(host, ".srv.ygles.com") && !(dnsDomainIs(host, ".amazonaws.com")))\n'
                    '    return "PROXY p.example:3128";\n  return "DIRECT";\n}\n')
    rc, out, err = run("audit", "-l", negated, "-d", "pac", "--agent", "cca", "--format", "json")
    data = json.loads(out)
    check(data["rules_read"] == 0 and not data["proven"] and len(data["unmodelled"]) == 2,
          f"negated tests: {data['rules_read']} rules, unmodelled {data['unmodelled']}")
    check(data["unmodelled"][0]["line"] == 2 and "negated" in data["unmodelled"][0]["why"], data["unmodelled"])


@case
def a_squid_deny_makes_the_audit_not_proven():
    conf = write("deny.conf", "acl em dstdomain .srv.ygles.com .amazonaws.com\n"
                 "acl blocked dstdomain .amazonaws.com\n"
                 "http_access deny CONNECT !SSL_ports\n"
                 "http_access deny blocked\n"
                 "http_access allow em\nhttp_access deny all\n")
    rc, text, err = audit(conf, "squid")
    check(rc == 4, f"a covered list with a deny is not proven: exit {rc} {err[:200]}")
    check("Not proven: 1 statement" in text and "deny.conf:4: http_access deny blocked" in text, text[-600:])
    rc, out, _ = run("audit", "-l", conf, "-d", "squid", "--agent", "cca", "--format", "json")
    data = json.loads(out)
    check(rc == 4 and data["proven"] is False and data["unmodelled"][0]["line"] == 4, data.get("unmodelled"))
    xml = os.path.join(TMP, "deny.xml")
    rc, _, _ = run("audit", "-l", conf, "-d", "squid", "--agent", "cca", "--format", "junit", "-o", xml)
    junit = open(xml).read()
    check(rc == 4 and 'type="not-proven"' in junit, junit[-500:])
    stock = write("stock.conf", "acl em dstdomain .srv.ygles.com .amazonaws.com\n"
                  "http_access deny !Safe_ports\nhttp_access deny CONNECT !SSL_ports\n"
                  "http_access allow em\nhttp_access deny all\n")
    rc, _, err = audit(stock, "squid")
    check(rc == 0, f"the stock denies refuse no eM host on 443: exit {rc} {err[:200]}")


@case
def fortigate_reads_only_address_objects_and_honours_unset_and_delete():
    export = write("forti.conf", "config firewall multicast-address\n    edit \"m\"\n"
                   "        set fqdn \"*.srv.ygles.com\"\n    next\nend\n"
                   "config firewall address\n    edit \"a\"\n        set type fqdn\n"
                   "        set fqdn \"*.amazonaws.com\"\n    next\n"
                   "    edit \"b\"\n        set fqdn \"*.srv.ygles.com\"\n    next\n"
                   "    edit \"b\"\n        unset fqdn\n    next\nend\n")
    rc, out, err = run("audit", "-l", export, "-d", "fortigate", "--agent", "cca", "--format", "json")
    data = json.loads(out)
    check(rc == 1 and [r["rule"] for e in data["endpoints"] for r in e["covered_ports"].values() if r] and
          all(".srv.ygles.com" not in e["host"] or e["status"] == "not-covered" for e in data["endpoints"]),
          f"unset and multicast take nothing: exit {rc}")
    deleted = write("forti-delete.conf", "config firewall address\n    edit \"a\"\n"
                    "        set fqdn \"*.amazonaws.com\"\n    next\n    edit \"b\"\n"
                    "        set fqdn \"*.srv.ygles.com\"\n    next\n    delete \"b\"\nend\n")
    rc, out, _ = run("audit", "-l", deleted, "-d", "fortigate", "--agent", "cca", "--format", "json")
    check(rc == 1 and json.loads(out)["rules_read"] == 1, f"delete takes the object away: exit {rc}")


@case
def check_point_set_and_delete_are_not_proven():
    script = write("cp.sh", 'mgmt_cli add dns-domain name ".srv.ygles.com" is-sub-domain true\n'
                   'mgmt_cli add dns-domain name ".amazonaws.com" is-sub-domain true\n'
                   'mgmt_cli delete dns-domain name ".amazonaws.com"\n')
    rc, _, err = audit(script, "checkpoint")
    check(rc == 4, f"exit {rc} {err[:200]}")


@case
def non_utf8_text_in_a_json_report_is_replaced_not_fatal():
    name = os.path.join(TMP.encode(), b"list-\xff.txt")
    with open(name, "wb") as f:
        f.write(b"*.srv.ygles.com:443\n*.amazonaws.com:443\n")
    proc = subprocess.run([EMREADY, "audit", "-l", name, "-d", "plain", "--agent", "cca", "--format", "json"],
                          capture_output=True, timeout=60)
    check(proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[:300]!r}")
    data = json.loads(proc.stdout.decode("utf-8"))
    check(data["allowlist"].endswith("list-\ufffd.txt"), data["allowlist"])


@case
def pan_os_deletes_take_effect_and_disabled_rules_are_not_proven():
    base = "set profiles custom-url-category em type \"URL List\"\n" \
           "set profiles custom-url-category em list [ *.srv.ygles.com/ *.amazonaws.com/ ]\n"
    def covered(out):
        return {e["host"]: e["status"] == "covered" for e in json.loads(out)["endpoints"]}
    host = "hbp-ec1l.srv.ygles.com"
    rc, out, err = audit(write("pan-ok.txt", base), "panos-url", "--format", "json")
    check(covered(out).get(host) is True, f"exit {rc}: {covered(out)} {err}")
    # Before: 'delete' lines were read as entries (an input error); now they take the entry away.
    rc, out, err = audit(write("pan-delete.txt", base + "delete profiles custom-url-category em list *.srv.ygles.com/\n"),
                         "panos-url", "--format", "json")
    check(rc == 1 and covered(out).get(host) is False, f"exit {rc}: {covered(out)} {err}")
    rc, out, err = audit(write("pan-delete-all.txt", base + "delete profiles custom-url-category em\n"), "panos-url")
    check(rc == 1, f"deleting the category: exit {rc}: {out[-300:]}")
    rc, out, err = audit(write("pan-disabled.txt", base + "set rulebase security rules allow-em disabled yes\n"),
                         "panos-url")
    check(rc == 4 and "disabled yes" in out, f"a disabled rule: exit {rc}: {out[-400:]} {err}")
    decrypt = f"set shared ssl-decrypt ssl-exclude-cert {host} exclude yes\n"
    rc, out, err = audit(write("pan-decrypt-ok.txt", decrypt), "panos-decrypt", "--format", "json")
    check(covered(out).get(host) is True, f"exclude yes: exit {rc}: {covered(out)} {err}")
    rc, out, err = audit(write("pan-decrypt.txt", decrypt + f"set shared ssl-decrypt ssl-exclude-cert {host} exclude no\n"),
                         "panos-decrypt", "--format", "json")
    check(covered(out).get(host) is False, f"exclude no: exit {rc}: {covered(out)} {err}")


@case
def a_lab_port_that_cannot_be_listened_on_names_its_scenario_line():
    import socket
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        for key, text, line in [("proxy.port", f"agents: [cca]\nproxy:\n  port: {port}\n", 3),
                                ("dns_port", f"agents: [cca]\ndns_port: {port}\n", 2)]:
            path = write(f"collide-{key}.yaml", text)
            proc = subprocess.run([EMREADY, "lab", "serve", "--scenario", path, "--state", os.path.join(TMP, "st")],
                                  capture_output=True, text=True, timeout=30)
            check(proc.returncode == 2 and f"{path}:{line}:" in proc.stderr and "Address already in use" in
                  proc.stderr and f"'{key}'" in proc.stderr, f"{key}: exit {proc.returncode}: {proc.stderr}")
    finally:
        busy.close()
    # Two endpoint ports on one listened port: refused as it is read, not as "another lab".
    path = write("collide-map.yaml", "agents: [cca]\nport_map: {443: 31443, 8883: 31443}\n")
    rc, _, err = run("lab", "serve", "--scenario", path, "--state", os.path.join(TMP, "st"))
    check(rc == 2 and f"{path}:2:30" in err and "both mapped to 31443" in err, f"exit {rc}: {err}")


@case
def profile_names_and_ports_are_read_safely():
    profiles = os.path.join(TMP, "profiles")
    os.makedirs(profiles, exist_ok=True)
    long_name = os.path.join(profiles, "long.yaml")
    with open(long_name, "w") as f:
        f.write("agent: " + "a" * 50000 + "-\u00e9\ntitle: t\nendpoints:\n  - host: a.example.com\n    ports: [443]\n")
    rc, _, err = run("--profiles", profiles, "profiles")
    check(rc == 2 and "must be lower-case letters" in err and f"{long_name}:1:" in err, f"exit {rc}: {err[:200]}")
    os.unlink(long_name)
    with open(os.path.join(profiles, "octal.yaml"), "w") as f:
        f.write("agent: octal\ntitle: t\nendpoints:\n  - host: a.example.com\n    ports: [0443, 0x20fb, 0o17]\n")
    rc, out, err = run("--profiles", profiles, "profiles", "show", "octal", "--format", "json")
    check(rc == 0, f"exit {rc}: {err[:200]}")
    ports = json.loads(out)["profiles"][0]["endpoints"][0]["ports"]
    check(ports == [443, 8443, 15], f"YAML 1.2: 0443 is 443, 0x20fb 8443, 0o17 15: {ports}")


finish()
