#!/usr/bin/env bash
# Installs the package scripts/package.sh built (apt-get, as an admin would), checks what it
# ships, removes it with --purge and checks that nothing it installed is left behind.
# Changes the machine: CI runs it (.ci/run); by hand, run it where that is fine (needs root).
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls "$(pwd)"/build/package/emready_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "test_install: no package; run scripts/package.sh first" >&2; exit 1; }
fail() {
  echo "test_install: FAIL: $*" >&2
  apt-get remove --purge -y -q emready >/dev/null 2>&1 || true # leave the machine as it was
  exit 1
}
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "$deb" >/dev/null
dpkg -s emready >/dev/null || fail "not installed"
version=$(/usr/bin/emready --version)
[ "$version" = "emready $(dpkg-query -W -f='${Version}' emready)" ] || fail "--version says '$version'"
for page in emready emready-check emready-serve emready-audit emready-rules emready-lab-serve emready-completion; do
  man -w "$page" >/dev/null || fail "no man page $page"
done
bash -n /usr/share/bash-completion/completions/emready || fail "bash completion does not parse"
zsh -n /usr/share/zsh/vendor-completions/_emready || fail "zsh completion does not parse"
fish --no-execute /usr/share/fish/vendor_completions.d/emready.fish || fail "fish completion does not parse"
# Completion as bash-completion loads it on demand, for the installed binary.
offered=$(bash -c 'source /usr/share/bash-completion/completions/emready
  COMP_WORDS=(emready rules --dialect pa); COMP_CWORD=3; __emready_complete; echo "${COMPREPLY[*]}"')
[[ "$offered" == *panos-url* ]] || fail "installed completion offers '$offered'"
/usr/bin/emready rules --agent all >/dev/null || fail "emready rules --agent all"
[ -f /usr/share/doc/emready/examples/profiles/cca.yaml ] || fail "no example profiles"
# The example configuration is one emready reads without complaint.
/usr/bin/emready --config /usr/share/doc/emready/examples/config.yaml config >/dev/null || fail "the example config"
[ ! -e /usr/share/emready/profiles ] || fail "profiles installed where they look editable"
[ -f /usr/share/doc/emready/examples/prometheus/alerts.yml ] || fail "no example alerting rules"
# The exporter's service and the daily check's service and timer: installed, valid, not enabled.
for unit in emready-exporter.service emready-check.service emready-check.timer; do
  [ -f "/lib/systemd/system/$unit" ] || fail "no unit $unit"
  said=$(systemd-analyze verify "/lib/systemd/system/$unit" 2>&1) || fail "systemd-analyze verify $unit: $said"
  [ -z "$said" ] || fail "systemd-analyze verify $unit: $said"
  state=$(systemctl is-enabled "$unit" 2>/dev/null || true)
  # The check's service has no [Install]: its timer starts it ("static").
  want=disabled; [ "$unit" = emready-check.service ] && want=static
  [ "$state" = "$want" ] || fail "$unit is '$state', not $want"
done
mapfile -t files < <(dpkg -L emready)
apt-get remove --purge -y -q emready >/dev/null
! dpkg -s emready >/dev/null 2>&1 || fail "still installed after remove --purge"
left=()
for f in "${files[@]}"; do
  if [ -e "$f" ] && [ ! -d "$f" ]; then left+=("$f"); fi
done
[ ${#left[@]} -eq 0 ] || fail "left behind: ${left[*]}"
[ ! -e /usr/share/doc/emready ] || fail "left behind: /usr/share/doc/emready"
echo "test_install: installed $(basename "$deb") ($version), ${#files[@]} paths; removed with nothing left"
