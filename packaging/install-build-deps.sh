#!/usr/bin/env bash
# Installs the Debian packages emready needs to build and test, if any are missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t packages < <(grep -vE '^\s*(#|$)' "$here/packaging/debian-build-deps.txt")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
