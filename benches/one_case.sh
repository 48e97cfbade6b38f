#!/usr/bin/env bash
# Issue 16's one-case table for docs/performance.md: one small case through the CLI against `concord --version`,
# for two binaries (BEFORE, AFTER) in the same run. A benchmark, not a test: it fails only if a binary is missing or
# `concord check` exits 2.
#
#   wall        median of RUNS runs of each command (after one warm-up), the four commands interleaved run by run,
#               so load from other processes falls on all of them alike
#   callgrind   total instructions of each binary (deterministic), and the inclusive instructions of concord's
#               stages, for `concord check examples/claim-holds --as-of 2026-07-05 --format json`
#
# Usage:  bash benches/one_case.sh [BEFORE] [AFTER] > table.md      (progress on stderr)
#         BEFORE defaults to target/concord-before (copy a release build there), AFTER to target/release/concord.
# Env:    RUNS=101  NO_CALLGRIND=1

set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BEFORE="${1:-$ROOT/target/concord-before}"
AFTER="${2:-$ROOT/target/release/concord}"
RUNS="${RUNS:-101}"
CASE="examples/claim-holds"
CHECK=(check "$CASE" --as-of 2026-07-05 --format json)
WORK="$ROOT/target/bench-one-case"
log() { echo "one_case: $*" >&2; }
for b in "$BEFORE" "$AFTER"; do [[ -x "$b" ]] || { log "missing binary $b"; exit 2; }; done
mkdir -p "$WORK"

# One timed run of a command, in ms (exit codes 0 and 1 accepted).
once() {
    local s e rc=0
    s=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || rc=$?; e=$EPOCHREALTIME
    ((rc <= 1)) || { log "failed ($rc): $*"; exit 2; }
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }'
}
median() { sort -g "$1" | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f", m}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

log "wall: $RUNS interleaved runs of 4 commands"
rm -f "$WORK"/*.ms
for b in BEFORE AFTER; do "${!b}" --version >/dev/null; "${!b}" "${CHECK[@]}" >/dev/null || true; done
for ((r = 0; r < RUNS; r++)); do
    once "$BEFORE" --version >>"$WORK/before-version.ms"
    once "$BEFORE" "${CHECK[@]}" >>"$WORK/before-check.ms"
    once "$AFTER" --version >>"$WORK/after-version.ms"
    once "$AFTER" "${CHECK[@]}" >>"$WORK/after-check.ms"
done
BV=$(median "$WORK/before-version.ms"); BC=$(median "$WORK/before-check.ms")
AV=$(median "$WORK/after-version.ms"); AC=$(median "$WORK/after-check.ms")

# Inclusive instructions of the stages named below, from a callgrind profile, as "function count" lines.
STAGES='concord::(syntax::parse::parse_with_depth|packs::bundled::syntax_trees|compile::compile|compile::regexes::build|eval::evaluate_within|eval::lexicon::find|check::load::load_rules|check::load::load_case|check::run::check_case)'
profile() {   # profile NAME BINARY
    local out="$WORK/callgrind.$1"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$2" "${CHECK[@]}" >/dev/null 2>&1 || true
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null >"$out.txt" || true
}
total() { grep -m1 'PROGRAM TOTALS' "$WORK/callgrind.$1.txt" | awk '{gsub(",", "", $1); printf "%.1f M", $1 / 1e6}'; }
stage() {   # stage NAME FUNCTION: inclusive instructions of the first line naming FUNCTION
    grep -E "$STAGES" "$WORK/callgrind.$1.txt" | grep -v '=>' | grep -E "concord::$2( |\$)" | head -n 1 \
        | awk '{gsub(",", "", $1); printf "%.1f M", $1 / 1e6}'
}

cat <<EOF
\`bash benches/one_case.sh\`, $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores,
load average at the end of the wall runs $(cut -d' ' -f1-3 /proc/loadavg). Command: \`concord ${CHECK[*]}\`.
Median wall time of $RUNS runs, the four commands interleaved.

| binary | \`--version\` ms | one case ms | one case / \`--version\` |
|---|---:|---:|---:|
| before (\`$(basename "$BEFORE")\`) | $BV | $BC | $(ratio "$BC" "$BV") |
| after (\`$(basename "$AFTER")\`) | $AV | $AC | $(ratio "$AC" "$AV") |
EOF

if [[ "${NO_CALLGRIND:-0}" != 1 ]] && command -v valgrind >/dev/null; then
    log "callgrind: before and after"
    profile before "$BEFORE"; profile after "$AFTER"
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.version" "$AFTER" --version >/dev/null 2>&1 || true
    callgrind_annotate "$WORK/callgrind.version" 2>/dev/null >"$WORK/callgrind.version.txt" || true
    echo
    echo "callgrind, inclusive instructions (parsing and regex builds run on worker threads; all threads are counted):"
    echo
    echo "| stage | before | after |"
    echo "|---|---:|---:|"
    echo "| whole run | $(total before) | $(total after) |"
    for f in check::load::load_rules syntax::parse::parse_with_depth packs::bundled::syntax_trees compile::compile \
        compile::regexes::build check::load::load_case eval::evaluate_within eval::lexicon::find check::run::check_case; do
        echo "| \`$f\` | $(stage before "$f") | $(stage after "$f") |"
    done
    echo "| \`concord --version\` (after), whole run | | $(total version) |"
fi
