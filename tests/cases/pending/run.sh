#!/usr/bin/env bash
# Runs every pending case with the built binary and compares its exit code with EXPECTED.tsv.
set -uo pipefail
cd "$(dirname "$0")"
bin="${CONCORD:-../../../target/debug/concord}"
ok=0; wrong=0
for kind in */; do
  while IFS=$'\t' read -r case twin expected reason line; do
    [ "$case" = case ] && continue
    [ -d "$kind$case" ] || continue
    "$bin" check "$kind$case" --format plain >/dev/null 2>&1
    got=$?
    if [ "$got" = "$expected" ]; then ok=$((ok + 1)); echo "OK ${kind}${case}"; else wrong=$((wrong + 1)); echo "XX ${kind}${case}: expected $expected, got $got"; fi
  done < "${kind}EXPECTED.tsv"
done
echo "$ok agree, $wrong disagree"
