#!/usr/bin/env bash
# Quick start 1: install dependencies, build (release), and run emready's main job on the
# built-in profiles (`emready check`: exit 0 ready, 1 not ready). Extra arguments replace the
# default job, e.g. scripts/run.sh rules --dialect squid.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-build-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
if [ $# -eq 0 ]; then set -- check --agent all; fi
exec build/release/src/emready "$@"
