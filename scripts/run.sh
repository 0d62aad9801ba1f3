#!/usr/bin/env bash
# Quick start 1: install dependencies, build (release), and run emready's main job on the
# built-in profiles (`emready check`: exit 0 ready, 1 not ready). Extra arguments replace the
# default job, e.g. scripts/run.sh rules --dialect squid.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-build-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
if [ $# -eq 0 ]; then
  if ip route show default 2>/dev/null | grep -q . || ip -6 route show default 2>/dev/null | grep -q .; then
    set -- check --agent all
  else
    # Offline: show what a check finds on a broken site, in the bundled lab.
    echo "run.sh: no network route here: running 'emready demo' (a broken site in the bundled lab)." >&2
    echo "run.sh: on the printers' network, run: build/release/src/emready check" >&2
    set -- demo
  fi
fi
exec build/release/src/emready "$@"
