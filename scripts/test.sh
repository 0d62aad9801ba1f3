#!/usr/bin/env bash
# Quick start 2: install dependencies, build with warnings as errors + ASan/UBSan (the `ci`
# preset), and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-build-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci
