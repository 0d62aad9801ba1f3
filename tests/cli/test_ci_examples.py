"""The CI examples in packaging/ci/ parse, and every emready command they run is one this
emready takes (its options exist and its formats are known)."""
import os
import re
import shlex
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run  # noqa: E402

CI = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging", "ci")


def commands(text):
    return [line for line in re.findall(r"(emready [^\n'|]+)", text)]


def options_accepted(command):
    """Every --option is in the subcommand's --help, and `--help` takes the values (CLI11
    checks a value such as --format's there)."""
    args = [a for a in shlex.split(command)[1:] if a not in ("||", "true")]
    rc, out, err = run(*args, "--help")
    if rc != 0:
        return False, err
    _, help_text, _ = run(args[0], "--help")
    unknown = [a for a in args if a.startswith("--") and a.split("=")[0] not in help_text]
    return not unknown, f"unknown options {unknown}"


@case
def the_yaml_examples_parse():
    for name in ("gitlab-ci.yml", "github-actions.yml"):
        with open(os.path.join(CI, name)) as f:
            document = yaml.safe_load(f)
        check(isinstance(document, dict) and document, f"{name} is a YAML mapping")
    with open(os.path.join(CI, "gitlab-ci.yml")) as f:
        gitlab = yaml.safe_load(f)
    check(gitlab["emready"]["artifacts"]["reports"]["junit"] == "emready.xml", "GitLab takes the JUnit file")


@case
def every_command_in_the_examples_is_valid():
    for name in sorted(os.listdir(CI)):
        with open(os.path.join(CI, name)) as f:
            found = commands(f.read())
        check(found, f"{name} runs emready")
        for command in found:
            ok, err = options_accepted(command.strip())
            check(ok, f"{name}: '{command}' is not a valid emready command: {err}")


@case
def a_misspelled_option_is_caught():
    ok, _ = options_accepted("emready check --formt junit")
    check(not ok, "the check itself must be able to fail")


finish()
