"""Configuration files and site profiles (issue 12, section 3): the system file, then
$XDG_CONFIG_HOME's, then --config (the last wins), and the command line over all of them;
unknown keys are FILE:LINE:COL errors with "did you mean"; `emready config` prints the
effective values and where each came from; /etc/emready/profiles.d adds and overrides
profiles before --profiles. The system directory is $EMREADY_SYSCONFDIR here (a test must
not write /etc)."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run  # noqa: E402

TMP = tempfile.mkdtemp()
SYSTEM = os.path.join(TMP, "etc")
XDG = os.path.join(TMP, "xdg")
os.makedirs(os.path.join(SYSTEM, "profiles.d"))
os.makedirs(os.path.join(XDG, "emready"))
ENV = {**os.environ, "EMREADY_SYSCONFDIR": SYSTEM, "XDG_CONFIG_HOME": XDG}


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def emready(*args):
    return run(*args, env=ENV)


def dialect_of(rules_text):
    line = next(l for l in rules_text.splitlines() if l.startswith("# Dialect: "))
    return line.split()[2]


SYSTEM_FILE = write(os.path.join(SYSTEM, "config.yaml"), "rules:\n  dialect: squid\n  agent: [cca, erds]\n")


@case
def the_system_file_sets_options():
    rc, out, err = emready("rules")
    check(rc == 0 and dialect_of(out) == "squid" and "agents: cca, erds" in out, f"{rc} {out[:200]} {err}")


@case
def the_users_file_wins_over_the_systems_and_the_command_line_over_both():
    write(os.path.join(XDG, "emready", "config.yaml"), "rules:\n  dialect: fortigate\n")
    try:
        rc, out, _ = emready("rules")
        check(dialect_of(out) == "fortigate" and "agents: cca, erds" in out, out[:200])
        rc, out, _ = emready("rules", "--dialect", "plain", "--agent", "backup")
        check(dialect_of(out) == "plain" and "agents: backup" in out, out[:200])
        site = write(os.path.join(TMP, "site.yaml"), "rules:\n  dialect: umbrella\n")
        rc, out, _ = emready("--config", site, "rules")
        check(dialect_of(out) == "umbrella", out[:200])
    finally:
        os.remove(os.path.join(XDG, "emready", "config.yaml"))


@case
def emready_config_says_where_each_value_came_from():
    site = write(os.path.join(TMP, "check.yaml"), "check:\n  tcp-timeout: 3\n  dns-server: [127.0.0.1, 127.0.0.2]\n"
                                                  "  format: json\n")
    rc, out, err = emready("--config", site, "config")
    check(rc == 0, err)
    check(f"{SYSTEM_FILE}" in out and f"{site} (--config)" in out and "(not present)" in out, out)
    check(f"  dialect: squid  # {SYSTEM_FILE}:2:12" in out, out)
    check(f"  tcp-timeout: 3  # {site}:2:16" in out and "dns-server: [127.0.0.1, 127.0.0.2]" in out, out)


@case
def unknown_keys_and_commands_are_located_with_a_suggestion():
    bad = write(os.path.join(TMP, "bad.yaml"), "rules:\n  dialekt: squid\n")
    rc, _, err = emready("--config", bad, "rules")
    check(rc == 2 and f"{bad}:2:3" in err and "did you mean 'dialect'" in err, err)
    bad = write(os.path.join(TMP, "bad-command.yaml"), "chek:\n  agent: cca\n")
    rc, _, err = emready("--config", bad, "rules")
    check(rc == 2 and f"{bad}:1:1" in err and "did you mean 'check'" in err, err)
    bad = write(os.path.join(TMP, "bad-value.yaml"), "rules:\n  dialect: {a: b}\n")
    rc, _, err = emready("--config", bad, "rules")
    check(rc == 2 and f"{bad}:2:12" in err, err)
    bad = write(os.path.join(TMP, "bad-yaml.yaml"), "rules:\n  dialect: [squid\n")
    rc, _, err = emready("--config", bad, "rules")
    check(rc == 2 and f"{bad}:" in err, err)
    # A value the option refuses is refused as on the command line.
    bad = write(os.path.join(TMP, "bad-choice.yaml"), "check:\n  device-family: ipv5\n")
    rc, _, err = emready("--config", bad, "config")
    check(rc == 2 and "ipv5" in err, err)
    rc, _, err = emready("--config", os.path.join(TMP, "missing.yaml"), "rules")
    check(rc == 2 and "missing.yaml" in err, err)


@case
def site_profiles_add_and_override_before_profiles_dir():
    write(os.path.join(SYSTEM, "profiles.d", "site.yaml"),
          "agent: site-printers\ntitle: the site's own endpoint\nendpoints:\n  - host: printers.example.net\n"
          "    ports: [443]\n")
    try:
        rc, out, err = emready("profiles", "--format", "json")
        agents = [p["agent"] for p in json.loads(out)["profiles"]]
        check(rc == 0 and "site-printers" in agents and "cca" in agents, f"{rc} {agents} {err}")
        rc, out, _ = emready("rules", "--agent", "site-printers", "--dialect", "plain")
        check("printers.example.net:443" in out, out)
    finally:
        os.remove(os.path.join(SYSTEM, "profiles.d", "site.yaml"))


@case
def serve_takes_the_check_sections_values_unless_it_sets_its_own():
    path = write(os.path.join(TMP, "serve.yaml"),
                 "check:\n  proxy: http://proxy.example.net:3128\n  tcp-timeout: 7\n  format: json\n"
                 "serve:\n  tcp-timeout: 2\n")
    code, out, err = emready("--config", path, "config")
    check(code == 0, err)
    serve = out.split("serve:", 1)[1] if "serve:" in out else ""
    check('proxy: "http://proxy.example.net:3128"  # ' + path + ":2:10 (check's)" in serve, out)
    check("tcp-timeout: 2  # " + path + ":6:16" in serve and "tcp-timeout: 7" not in serve, out)
    check("format" not in serve, out)  # check's own options stay check's


@case
def the_shipped_example_configuration_is_read():
    example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging", "config.example.yaml")
    rc, out, err = emready("--config", example, "config")
    check(rc == 0 and "agent: [cca, erds]" in out, f"{rc} {out} {err}")


finish()
