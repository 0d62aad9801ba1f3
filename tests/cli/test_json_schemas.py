"""Every JSON document emready writes has a schema (schemas/, printed by `emready schema`),
and real outputs of audit, rules and profiles validate against it; a broken document does
not. (check's real outputs are validated in tests/e2e/test_check_e2e.py, every verdict.)"""
import copy
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run, run_json  # noqa: E402
from json_contract import problems, schema  # noqa: E402

TMP = tempfile.mkdtemp()


@case
def emready_schema_prints_the_files():
    rc, out, _ = run("schema")
    names = out.split()
    check(rc == 0 and set(names) >= {"check", "audit", "rules", "profiles"}, names)
    for name in names:
        rc, out, _ = run("schema", name)
        check(rc == 0 and json.loads(out) == schema(name), f"schema {name}")
    rc, _, err = run("schema", "chek")
    check(rc == 2 and "did you mean 'check'" in err, err)


@case
def the_verdict_enum_is_every_verdict_check_knows():
    _, text, _ = run("check", "--help")
    listed = text.split("Verdicts:", 1)[1].split(".\n", 1)[0].replace("\n", " ")
    verdicts = [v.strip() for v in listed.split(",")]
    check(schema("check")["$defs"]["verdict"]["enum"] == verdicts, f"{verdicts}")


@case
def audit_rules_and_profiles_validate():
    allow = os.path.join(TMP, "allow.txt")
    with open(allow, "w") as f:
        f.write("*.srv.ygles.com\n")
    for name, args in (("audit", ["audit", "-l", allow, "-d", "plain", "--agent", "all"]),
                       ("rules", ["rules", "--agent", "all"]),
                       ("profiles", ["profiles"]),
                       ("profiles", ["profiles", "show", "all"])):
        _, out, err = run_json(*args)
        found = problems(out, name)
        check(not found, f"{' '.join(args)}: {found[:5]}")
        check(out["schema_version"].startswith("1.") and out["document"] == name, out.get("document"))


@case
def a_broken_document_does_not_validate():
    _, out, _ = run_json("rules", "--agent", "erds")
    for breaking in (lambda d: d.pop("schema_version"), lambda d: d.update(started_at="yesterday"),
                     lambda d: d["tool"].update(name="other"), lambda d: d.update(document="audit")):
        broken = copy.deepcopy(out)
        breaking(broken)
        check(problems(broken, "rules"), "a broken document must not validate")


@case
def secrets_never_reach_the_command_line_field():
    _, out, _ = run_json("rules", "--agent", "erds", "--dialect", "plain")
    check(out["command_line"][1:] == ["rules", "--agent", "erds", "--dialect", "plain", "--format", "json"],
          out["command_line"])


finish()
