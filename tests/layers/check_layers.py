#!/usr/bin/env python3
"""Keeps the layers' include directions (docs/design.md, "Layers and libraries").

  check_layers.py SRC_DIR     checks SRC_DIR/emready (exit 1 and one line per violation)
  check_layers.py --self-test  plants each kind of violation in a scratch tree and checks
                               that every one is caught and a clean tree passes

Rules, by the folder a file lives in (its first path part under src/emready):
  * each layer includes only the layers listed in ALLOWED (so the tool never includes lab/
    or agent/, nothing but cli/ includes cli/, the model never includes probe/);
  * the model, reporting and the MQTT codec include no network or TLS header (curl, OpenSSL,
    c-ares, ldns, sockets): they take plain data and return plain data;
  * no include cycle between folders, sub-folders included (lab/'s rooms);
  * every "emready/..." include names a header that exists.
"""
import os
import re
import sys
import tempfile

LAYER_OF = {
    "core": "model", "profile": "model", "plan": "model", "rules": "model", "dns": "model",
    "check": "model", "probe": "network", "report": "reporting", "mqtt": "codec",
    "handle": "handles", "lab": "backend", "agent": "device", "cli": "commands",
    "pac": "scripting", "exporter": "serving",
}
ALLOWED = {
    "model": {"model"},
    "network": {"model", "network", "handles"},
    "reporting": {"model", "reporting"},
    "codec": {"model", "codec"},
    "scripting": {"model", "scripting"},  # PAC files: JavaScript in a child process
    "handles": {"handles"},
    "serving": {"model", "reporting", "serving"},  # emready serve's HTTP server and shared runs
    "backend": {"model", "codec", "handles", "backend"},
    "device": {"model", "network", "codec", "handles", "device"},
    "commands": set(LAYER_OF.values()),
}
PURE_LAYERS = {"model", "reporting", "codec"}
NETWORK_HEADER = re.compile(
    r"^(curl/|openssl/|ares\.h|ares_|ldns/|sys/socket\.h|netinet/|netdb\.h|sys/epoll\.h|poll\.h)")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sources(root):
    for base, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".hpp", ".cpp")):
                path = os.path.join(base, name)
                yield os.path.relpath(path, root).replace(os.sep, "/"), path


def includes(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1), match.group(2)


def folder(relative):
    return relative.rsplit("/", 1)[0] if "/" in relative else ""


def find_cycle(edges):
    """One cycle of the folder graph as a list of folders, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check(root):
    problems = []
    edges = {}
    for relative, path in sources(root):
        top = relative.split("/", 1)[0]
        layer = LAYER_OF.get(top)
        if layer is None:
            problems.append(f"{relative}: folder '{top}' belongs to no layer (add it to LAYER_OF)")
            continue
        for number, kind, name in includes(path):
            where = f"{relative}:{number}"
            if kind == '"' and name.startswith("emready/"):
                target = name[len("emready/"):]
                if not os.path.exists(os.path.join(root, target)):
                    problems.append(f"{where}: includes {name}, which does not exist")
                    continue
                target_layer = LAYER_OF.get(target.split("/", 1)[0])
                if target_layer not in ALLOWED[layer]:
                    problems.append(f"{where}: {layer} ({top}/) must not include {name} "
                                    f"({target_layer})")
                if folder(target) != folder(relative):
                    edges.setdefault(folder(relative), set()).add(folder(target))
            elif kind == "<" and layer in PURE_LAYERS and NETWORK_HEADER.match(name):
                problems.append(f"{where}: {layer} ({top}/) must not include <{name}>: "
                                "pure layers take plain data, no network or TLS library")
    cycle = find_cycle(edges)
    if cycle:
        problems.append("include cycle between folders: " + " -> ".join(cycle))
    return problems


def write(root, relative, text):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def self_test():
    clean = {
        "core/error.hpp": "#pragma once\n#include <string>\n",
        "check/classify.hpp": '#include "emready/core/error.hpp"\n',
        "probe/engine.hpp": '#include "emready/check/classify.hpp"\n#include <curl/curl.h>\n',
        "cli/run.cpp": '#include "emready/probe/engine.hpp"\n',
        "lab/tls/session.hpp": '#include "emready/lab/net/fd.hpp"\n',
        "lab/net/fd.hpp": "#pragma once\n",
    }
    planted = {
        "check/analyse.cpp": ('#include "emready/probe/engine.hpp"\n', "must not include emready/probe"),
        "rules/a.cpp": ("#include <openssl/ssl.h>\n", "must not include <openssl/ssl.h>"),
        "report/r.cpp": ('#include "emready/cli/run.cpp"\n', "must not include emready/cli"),
        "probe/p.cpp": ('#include "emready/lab/net/fd.hpp"\n', "must not include emready/lab"),
        "lab/net/loop.cpp": ('#include "emready/lab/tls/session.hpp"\n', "include cycle"),
        "dns/d.cpp": ('#include "emready/dns/missing.hpp"\n', "does not exist"),
    }
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for relative, text in clean.items():
            write(scratch, relative, text)
        if check(scratch):
            print("self-test: a clean tree was reported:", check(scratch))
            failures += 1
        for relative, (text, expected) in planted.items():
            write(scratch, relative, text)
            found = check(scratch)
            if not any(expected in p for p in found):
                print(f"self-test: planting {relative} was not caught as '{expected}': {found}")
                failures += 1
            os.remove(os.path.join(scratch, relative))
    print("self-test:", "FAILED" if failures else f"all {len(planted)} planted violations caught")
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = os.path.join(sys.argv[1], "emready")
    problems = check(root)
    for problem in problems:
        print(problem)
    count = sum(1 for _ in sources(root))
    print(f"{count} files checked: " + (f"{len(problems)} violations" if problems else "layers hold"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
