#!/usr/bin/env bash
# Builds the Debian package in one command: build/package/emready_VERSION_ARCH.deb.
# dpkg-buildpackage with debhelper (debian/), in a copy of the source tree so that the
# checkout stays clean; lintian checks the result (errors fail, warnings are listed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
packaging/install-build-deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/emready"
# The tracked files only (no build trees), as the package's source.
git ls-files -z | xargs -0 cp --parents -t "$work/emready"
extra=""
if command -v ccache >/dev/null; then
  extra="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
  export CCACHE_BASEDIR="$work"
fi
(cd "$work/emready" && EMREADY_CMAKE_EXTRA="$extra" DEB_BUILD_OPTIONS="parallel=$(nproc)" \
  dpkg-buildpackage -b -us -uc --no-pre-clean >"$work/build.log" 2>&1) || {
  tail -60 "$work/build.log"; echo "package.sh: dpkg-buildpackage failed" >&2; exit 1; }
mkdir -p "$root/build/package"
rm -f "$root"/build/package/emready_*.deb "$root"/build/package/emready-dbgsym_*.deb
cp "$work"/emready_*.deb "$root/build/package/"
cp "$work"/emready-dbgsym_*.deb "$root/build/package/" 2>/dev/null || true
deb=$(ls "$root"/build/package/emready_*.deb)
echo "package: $deb"
lintian --fail-on error --info --display-info "$deb"
