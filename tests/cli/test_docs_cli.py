"""Man pages and shell completions come from the command-line definition (issue 12, section 2):
every page's options equal its command's --help options, the pages render without warnings,
the footers (examples, verdicts, exit codes) are the same text, and bash completion — driven
through the generated function as bash would call it — completes commands, agents, dialects,
formats and comma lists; the zsh and fish scripts parse."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import EMREADY, case, check, finish, run  # noqa: E402

TMP = tempfile.mkdtemp()
HELP_OPTION = re.compile(r"^  (-[^ ]+)")
MAN_OPTION = re.compile(r"\\fB\\-(\\-)?([A-Za-z0-9](?:[A-Za-z0-9]|\\-)*)\\fR")


def help_options(path):
    """Option names (-a, --agent) of `emready PATH --help`, without -h/--help."""
    rc, out, err = run(*path.split(), "--help")
    assert rc == 0, err
    names = set()
    section = False
    for line in out.splitlines():
        if line.startswith("Options:"):
            section = True
            continue
        if section and line and not line.startswith(" "):
            section = False
        match = HELP_OPTION.match(line) if section else None
        if match:
            names.update(n for n in match.group(1).split(",") if n)
    return names - {"-h", "--help"}


def man_options(text):
    names = set()
    options = text.split(".SH OPTIONS", 1)[1].split("\n.SH ", 1)[0] if ".SH OPTIONS" in text else ""
    for line in options.splitlines():
        if line.startswith("\\fB"):
            for double, name in MAN_OPTION.findall(line):
                names.add(("--" if double else "-") + name.replace("\\-", "-"))
    return names


rc, _, err = run("man", "--directory", TMP)
assert rc == 0, err
PAGES = sorted(os.listdir(TMP))


def page_path(page):
    """'emready-lab-serve.1' → 'lab serve'."""
    return page[:-2].replace("emready", "", 1).lstrip("-").replace("-", " ") if page != "emready.1" else ""


@case
def a_page_per_command():
    for expected in ["emready.1", "emready-check.1", "emready-audit.1", "emready-rules.1", "emready-lab-serve.1",
                     "emready-completion.1", "emready-man.1"]:
        check(expected in PAGES, PAGES)


@case
def every_page_lists_exactly_its_commands_help_options():
    for page in PAGES:
        with open(os.path.join(TMP, page)) as f:
            text = f.read()
        path = page_path(page)
        # Commands whose names hold a hyphen do not exist; a path must be a real command.
        check(man_options(text) == help_options(path),
              f"{page}: man {sorted(man_options(text))} vs --help {sorted(help_options(path))}")


@case
def pages_render_without_warnings_and_carry_the_help_footer():
    for page in PAGES:
        path = os.path.join(TMP, page)
        proc = subprocess.run(["man", "--warnings", "-l", path], capture_output=True, text=True,
                              env={**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat"})
        check(proc.returncode == 0 and proc.stderr == "", f"{page}: {proc.stderr[:500]}")
    with open(os.path.join(TMP, "emready.1")) as f:
        text = f.read()
    rc, out, _ = run("--help")
    for needed in ["Exit codes", "not proven", "emready rules --agent all --dialect squid"]:
        check(needed in out and needed in text.replace("\\-", "-"), needed)
    rendered = subprocess.run(["man", "-l", os.path.join(TMP, "emready-check.1")], capture_output=True, text=True,
                              env={**os.environ, "MANWIDTH": "200", "MANPAGER": "cat"}).stdout
    check("dns-malformed" in rendered and "proxy-protocol-error" in rendered, "the verdicts of check --help")


def completion_script(shell):
    rc, out, err = run("completion", shell)
    assert rc == 0, err
    path = os.path.join(TMP, f"emready.{shell}")
    with open(path, "w") as f:
        f.write(out)
    return path


def bash_complete(*words):
    """What the generated bash completion offers for the command line `words` (the last one
    being completed), as bash calls it."""
    script = completion_script("bash")
    line = " ".join(f"'{w}'" for w in words)
    driver = (f"source {script}\nCOMP_WORDS=({line}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n"
              "COMPREPLY=(); __emready_complete; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    proc = subprocess.run(["bash", "-c", driver], capture_output=True, text=True, cwd=TMP)
    assert proc.returncode == 0, proc.stderr
    return [w for w in proc.stdout.splitlines() if w]


@case
def bash_completes_commands_agents_dialects_and_formats():
    check(bash_complete("emready", "ch") == ["check"], bash_complete("emready", "ch"))
    agents = bash_complete("emready", "check", "--agent", "c")
    check({"cca", "cdca-v1", "cdca-v2", "cdca-v2-cca"} <= set(agents) and all(a.startswith("c") for a in agents), agents)
    dialects = bash_complete("emready", "audit", "--dialect", "p")
    check(set(dialects) == {"pac", "panos-url", "panos-decrypt", "plain"}, dialects)
    check(bash_complete("emready", "rules", "-a", "cca,cdca-v2-") == ["cca,cdca-v2-cca"],
          bash_complete("emready", "rules", "-a", "cca,cdca-v2-"))
    check(bash_complete("emready", "check", "--format", "j") == ["json", "junit"],
          bash_complete("emready", "check", "--format", "j"))
    check(bash_complete("emready", "lab", "se") == ["serve"], bash_complete("emready", "lab", "se"))
    # A global option's value is skipped when finding the command.
    check("--agent" in bash_complete("emready", "--profiles", TMP, "check", "--ag"), "global option skipped")
    # A file-valued option offers files.
    open(os.path.join(TMP, "allow-list.txt"), "w").close()
    check("allow-list.txt" in bash_complete("emready", "audit", "--allowlist", "allow-"), "file names")


@case
def zsh_and_fish_scripts_parse():
    for shell, command in [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])]:
        proc = subprocess.run(command + [completion_script(shell)], capture_output=True, text=True)
        check(proc.returncode == 0, f"{shell}: {proc.stderr[:300]}")
    with open(completion_script("fish")) as f:
        fish = f.read()
    check("-l dialect -x -a '" in fish and "panos-url" in fish, "fish knows the dialects")


finish()
