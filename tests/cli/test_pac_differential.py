"""PAC files read the way the product reads them (issue 11, section 4): for a corpus of
admin-written PAC files (tests/cli/pac_lists/: Canon's wildcards as globs, dnsDomainIs with and
without the dot, capitals, exact names and else-if chains, rules in comments, a proxy as the
allowed route, '?' globs), `audit --dialect pac`'s static reading (covered / not covered) must
equal what the PAC engine returns when the file is run (the `pac_route` of the same report,
duktape in a child process): covered exactly when FindProxyForURL gives the route the file's
host tests return (its `// allow:` line), for every endpoint of every agent."""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run  # noqa: E402

LISTS = sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pac_lists", "*.pac")))


def allowed_route(path):
    with open(path) as f:
        first = f.readline()
    assert first.startswith("// allow: "), f"{path}: the first line must say '// allow: ROUTE'"
    return first[len("// allow: "):].strip()


@case
def the_corpus_is_there():
    check(len(LISTS) >= 7, LISTS)


@case
def the_static_reading_agrees_with_the_engine_for_every_endpoint():
    totals = {"agree": 0, "covered": 0}
    for path in LISTS:
        rc, out, err = run("audit", "-l", path, "-d", "pac", "--agent", "all", "--format", "json")
        check(rc in (0, 1), f"{os.path.basename(path)}: exit {rc}: {err}")
        report = json.loads(out)
        check(report["proven"], f"{os.path.basename(path)}: not proven: {report['unmodelled']}")
        route = allowed_route(path)
        for endpoint in report["endpoints"]:
            covered = endpoint["status"] == "covered"
            engine = endpoint.get("pac_route")
            check(engine is not None, f"{os.path.basename(path)}: no engine route for {endpoint['host']}")
            check(covered == (engine == route),
                  f"{os.path.basename(path)}: {endpoint['host']}: audit says {endpoint['status']}, the engine "
                  f"returns {engine!r} (allowed route {route!r})")
            totals["agree"] += 1
            totals["covered"] += covered
    print(f"PAC differential: {len(LISTS)} files, {totals['agree']} endpoint readings agree "
          f"({totals['covered']} covered)")
    check(0 < totals["covered"] < totals["agree"], totals)


finish()
