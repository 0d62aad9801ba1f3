#!/usr/bin/env bash
# Builds the fuzz targets (the `fuzz` preset: clang, libFuzzer, ASan + UBSan) and runs each
# for SECONDS (default 20) from its seed corpus; fails on any crash, leak, sanitizer report
# or timeout. New inputs go to a scratch corpus, never into tests/fuzz/corpus.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${1:-20}"
shift || true
all=(profile dialects pac_scan scenario http_head mqtt proxy_answer dns_reply dns_query cert_info)
[ "$#" -gt 0 ] && targets=("$@") || targets=("${all[@]}")
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target" "$scratch/$target-artifacts"
  echo "== fuzz_$target for ${seconds} s"
  if ! (cd "$scratch/$target-artifacts" &&
        ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$root/build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          -max_len=65536 -print_final_stats=1 "$scratch/$target" "$root/tests/fuzz/corpus/$target" \
          > "$scratch/$target.log" 2>&1); then
    failed+=("$target")
    tail -60 "$scratch/$target.log"
    echo "fuzz_$target failed; reproducers:" "$scratch/$target-artifacts"/* 
    mkdir -p build/fuzz/findings && cp -r "$scratch/$target-artifacts" "build/fuzz/findings/$target"
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$target.log" | tr '\n' ' '
    echo
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (reproducers kept in build/fuzz/findings/)"
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${seconds} s each, no finding"
