"""`emready profiles` and `--profiles DIR` overrides."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import case, check, finish, run, run_json  # noqa: E402


@case
def lists_every_agent_with_counts():
    rc, out, _ = run_json("profiles")
    check(rc == 0, rc)
    counts = {p["agent"]: p["endpoint_count"] for p in out["profiles"]}
    check(counts == {"backup": 14, "cca": 8, "cdca-v1": 1, "cdca-v2": 10, "cdca-v2-cca": 14,
                     "erds": 3, "meap-cca": 11, "meap-http": 2, "rdms": 3}, counts)


@case
def show_prints_endpoints():
    rc, out, _ = run_json("profiles", "show", "erds")
    check(rc == 0 and out["profiles"][0]["endpoints"][2]["required"] is False, out)
    rc, text, _ = run("profiles", "show", "cca")
    check("443 or 8883" in text and "mqtt-tls" in text, text)


@case
def override_replaces_and_says_so():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "mine.yaml"), "w") as f:
            f.write("agent: cca\ntitle: Mine\nendpoints:\n  - host: a.example.com\n    ports: [443]\n")
        with open(os.path.join(d, "new.yml"), "w") as f:
            f.write("agent: lab\ntitle: Lab\nendpoints:\n  - host: b.example.com\n    ports: [8443]\n")
        rc, out, err = run("--profiles", d, "profiles", "--format", "json")
        check(rc == 0, err)
        check("note: profile 'cca' from" in err and "replaces the built-in one" in err, err)
        import json
        agents = {p["agent"]: p for p in json.loads(out)["profiles"]}
        check(agents["cca"]["endpoint_count"] == 1 and "lab" in agents, agents.keys())
        # Works after the subcommand too.
        rc, out, err = run("rules", "--agent", "lab", "--profiles", d)
        check(rc == 0 and "b.example.com:8443" in out, out + err)


@case
def invalid_profile_is_located():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bad.yaml")
        with open(path, "w") as f:
            f.write("agent: x\ntitle: X\nendpoints:\n  - host: a.example.com\n    port: [443]\n")
        rc, _, err = run("--profiles", d, "profiles")
        check(rc == 2, rc)
        check(err == f"emready: error: {path}:5:5: unknown key 'port' in an endpoint "
                     "(did you mean 'ports'?)\n      port: [443]\n      ^\n", err)


finish()
