#!/usr/bin/env bash
# The one script behind docs/performance.md's same-run table (issue 16): every figure below is measured in one run,
# on the same machine, with ratios against baselines of that run. A benchmark, not a test: it fails only if a build
# fails or a generated case is bad input (exit code 2).
#
#   start-up        `concord --version`
#   parse floor     benches/parse_floor.rs (concord's YAML loader only), untyped and `--typed`
#   concord         `concord check CASE` (claim-holds, one typical case); `concord check DIR --format jsonl` on
#                   1,000 and 10,000 small cases (10 spec items, 2 units), 1 and 2 threads; peak memory on
#                   1,000 / 10,000 / N_BIG cases
#   peers           Python + PyYAML (benches/peers/pyyaml_check.py, one process), regorus, OPA and Spectral when
#                   installed (found on PATH or under target/bench-tools; `benches/compare.sh` installs regorus and
#                   Spectral); each one that is not is named as such
#   rule files      a generated 1,000-rule pack compiled from text (criterion, `--bench engine`), a 1 MB pack
#                   (`fmt --check` and `check --rules`), 100,000 trivial rules (`check` and `fmt --check`)
#   profile         callgrind on one case (claim-holds), inclusive instructions of concord's stages
#
# Usage:  bash benches/run.sh > report.md     (progress on stderr)
# Env:    RUNS_ONE=30 RUNS_MANY=3 N_MID=10000 N_BIG=100000 (0 skips the largest batch) NO_CRITERION=1 NO_CALLGRIND=1
#         NO_BUILD=1 (use the release binaries already built)

set -euo pipefail
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS_ONE="${RUNS_ONE:-30}"
RUNS_MANY="${RUNS_MANY:-3}"
N_MID="${N_MID:-10000}"
N_BIG="${N_BIG:-100000}"
AS_OF=2026-07-05
WORK="$ROOT/target/bench-run"
log() { echo "run: $*" >&2; }
die() { echo "run: $*" >&2; exit 2; }

BIN="$ROOT/target/release/concord"
if [[ "${NO_BUILD:-0}" == 1 ]]; then   # the binaries already built (the newest of each bench)
    bench_exe() { ls -t "$ROOT"/target/release/deps/"$1"-* 2>/dev/null | grep -v '\.d$' | head -n 1; }
else
    log "building (release)"
    cargo build --release --locked --quiet || die "cargo build --release failed"
    BENCH_JSON="$(cargo bench --locked --no-run --quiet --message-format=json 2>/dev/null)" || die "cargo bench --no-run failed"
    bench_exe() { printf '%s\n' "$BENCH_JSON" | grep "\"name\":\"$1\"" | grep -o '"executable":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
fi
GEN="$(bench_exe gen_cases)"; FLOOR="$(bench_exe parse_floor)"
[[ -x "$GEN" && -x "$FLOOR" ]] || die "bench executables missing"

mkdir -p "$WORK"
gen() {   # gen NAME N ITEMS UNITS
    [[ -d "$WORK/$1" && "$(ls "$WORK/$1" | wc -l)" -eq "$2" ]] && return
    log "generating $2 cases ($3 items, $4 units) in $WORK/$1"
    rm -rf "${WORK:?}/$1"; "$GEN" "$WORK/$1" "$2" "$3" "$4" >/dev/null 2>&1 || die "gen_cases failed"
}
gen typical 1 50 100
gen small-1000 1000 10 2
gen "small-$N_MID" "$N_MID" 10 2
((N_BIG > 0)) && gen "small-$N_BIG" "$N_BIG" 10 2
ONE="$ROOT/examples/claim-holds"; TYPICAL="$WORK/typical/case-00000"

# A pack of trivial rules, N rules.
trivial_pack() {
    printf 'pack generated_trivial {\n  version "1.0.0"\n  effective 2026-01-01\n  categories machinery\n}\n'
    for ((i = 0; i < $1; i++)); do
        printf '\nrule GEN-%06d {\n  title "R"\n  severity warning\n  stage contract\n  cite "g"\n  require contract.order.quantity exists\n  message "q"\n  help "h"\n}\n' "$i"
    done
}
mkdir -p "$WORK/pack-1mb" "$WORK/pack-100k"
[[ -s "$WORK/pack-1mb/p.concord" ]] || trivial_pack 7150 >"$WORK/pack-1mb/p.concord"
[[ -s "$WORK/pack-100k/p.concord" ]] || trivial_pack 100000 >"$WORK/pack-100k/p.concord"

# median_ms RUNS CMD...: the median wall time in ms of RUNS runs after one warm-up (exit codes 0 and 1 accepted).
median_ms() {
    local runs=$1; shift
    "$@" >/dev/null 2>&1 || (($? <= 1)) || die "failed: $*"
    local t=() s e
    for ((r = 0; r < runs; r++)); do
        s=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || true; e=$EPOCHREALTIME
        t+=("$(awk -v s="$s" -v e="$e" 'BEGIN { print (e - s) * 1000 }')")
    done
    printf '%s\n' "${t[@]}" | sort -g | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f", m}'
}
# peak CMD...: "SECONDS s, PEAK MB" of one run.
peak() { { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null || true; } | tail -n 1 | awk '{printf "%.2f s, %.0f MB", $1, $2 / 1024}'; }
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }'; }
one_thread() { env RAYON_NUM_THREADS=1 "$@"; }
two_threads() { env RAYON_NUM_THREADS=2 "$@"; }

log "timing"
V=$(median_ms "$RUNS_ONE" "$BIN" --version)
C1=$(median_ms "$RUNS_ONE" "$BIN" check "$ONE" --as-of $AS_OF --format json)
CT=$(median_ms "$RUNS_ONE" "$BIN" check "$TYPICAL" --as-of $AS_OF --format json)
F1=$(median_ms "$RUNS_MANY" "$FLOOR" "$WORK/small-1000")
T1=$(median_ms "$RUNS_MANY" "$FLOOR" --typed "$WORK/small-1000")
F10=$(median_ms "$RUNS_MANY" "$FLOOR" "$WORK/small-$N_MID")
T10=$(median_ms "$RUNS_MANY" "$FLOOR" --typed "$WORK/small-$N_MID")
K1_1=$(median_ms "$RUNS_MANY" one_thread "$BIN" check "$WORK/small-1000" --as-of $AS_OF --format jsonl)
K1_2=$(median_ms "$RUNS_MANY" two_threads "$BIN" check "$WORK/small-1000" --as-of $AS_OF --format jsonl)
K10_1=$(median_ms "$RUNS_MANY" one_thread "$BIN" check "$WORK/small-$N_MID" --as-of $AS_OF --format jsonl)
K10_2=$(median_ms "$RUNS_MANY" two_threads "$BIN" check "$WORK/small-$N_MID" --as-of $AS_OF --format jsonl)

PY=python3; [[ -x "$ROOT/target/bench-venv/bin/python" ]] && PY="$ROOT/target/bench-venv/bin/python"
if "$PY" -c 'import yaml' 2>/dev/null; then
    P1=$(median_ms "$RUNS_MANY" "$PY" benches/peers/pyyaml_check.py "$WORK/small-1000")
    PYROW="| Python 3 + PyYAML, one process (6-rule subset, \`benches/peers/pyyaml_check.py\`) | – | $P1 | $(ratio "$P1" "$K1_2") |"
else
    PYROW="| Python 3 + PyYAML | not installed (\`pip install pyyaml\`) | | |"
fi
# regorus, one process per case over the 1,000 small cases, when installed (PATH, target/bench-tools, or $REGORUS):
# the same 6 rules as the Python peer (benches/peers/policy.rego).
REGORUS="${REGORUS:-$(command -v regorus || true)}"
[[ -z "$REGORUS" && -x "$ROOT/target/bench-tools/bin/regorus" ]] && REGORUS="$ROOT/target/bench-tools/bin/regorus"
regorus_loop() {
    for d in "$1"/case-*; do
        "$REGORUS" eval -d benches/peers/policy.rego -d "$d/contract.yaml" -d "$d/evidence.yaml" \
            -i "$d/inspection.yaml" data.concord.deny >/dev/null || return 2
    done
}
REGROW=""
if [[ -n "$REGORUS" && -x "$REGORUS" ]]; then
    log "regorus on 1,000 small cases"
    G1=$(median_ms "$RUNS_MANY" regorus_loop "$WORK/small-1000")
    REGROW="| regorus $("$REGORUS" --version 2>/dev/null | head -n 1), one process per case (6-rule subset, \`benches/peers/policy.rego\`) | – | $G1 | $(ratio "$G1" "$K1_2") |"
fi
peer_row() {   # peer_row NAME BINARY_NAME
    local found; found=$(command -v "$2" || true)
    [[ -z "$found" && -x "$ROOT/target/bench-tools/bin/$2" ]] && found="$ROOT/target/bench-tools/bin/$2"
    [[ -z "$found" && -x "$ROOT/target/bench-tools/node_modules/.bin/$2" ]] && found="$ROOT/target/bench-tools/node_modules/.bin/$2"
    if [[ -z "$found" ]]; then echo "| $1 | not installed on this machine (see \`benches/compare.sh\`) | | |"; return; fi
    echo "| $1 | installed at \`$found\`: run \`benches/compare.sh\` for its comparison (\`benches/peers/\`: 6 rules in Rego, 2 in Spectral) | | |"
}

log "memory"
M1=$(peak env RAYON_NUM_THREADS=2 "$BIN" check "$WORK/small-1000" --as-of $AS_OF --format jsonl)
M10=$(peak env RAYON_NUM_THREADS=2 "$BIN" check "$WORK/small-$N_MID" --as-of $AS_OF --format jsonl)
MB="skipped (N_BIG=0)"; ((N_BIG > 0)) && MB=$(peak env RAYON_NUM_THREADS=2 "$BIN" check "$WORK/small-$N_BIG" --as-of $AS_OF --format jsonl)
MONE=$(peak "$BIN" check "$ONE" --as-of $AS_OF --format json)

log "rule files"
PACK1=$(wc -c <"$WORK/pack-1mb/p.concord"); PACK100=$(wc -c <"$WORK/pack-100k/p.concord")
R1F=$(peak "$BIN" fmt --check "$WORK/pack-1mb/p.concord")
R1C=$(peak "$BIN" check "$ONE" --as-of $AS_OF --rules "$WORK/pack-1mb")
R100F=$(peak "$BIN" fmt --check "$WORK/pack-100k/p.concord")
R100C=$(peak "$BIN" check "$ONE" --as-of $AS_OF --rules "$WORK/pack-100k")

cat <<EOF
## Same-run table

\`bash benches/run.sh\`, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores,
load average at the start $(cut -d' ' -f1-3 /proc/loadavg). Median wall time of $RUNS_ONE runs (one case) or $RUNS_MANY runs (batches).
Small cases: 10 spec items and 2 pulled units, three records each.

| what | 1 case ms | 1,000 cases ms | $N_MID cases ms |
|---|---:|---:|---:|
| \`concord --version\` (start-up) | $V | | |
| parse floor (\`parse_floor\`, YAML only) | | $F1 | $F10 |
| typed floor (\`parse_floor --typed\`) | | $T1 | $T10 |
| \`concord check\` examples/claim-holds | $C1 | | |
| \`concord check\` one typical case (50 items, 100 units) | $CT | | |
| \`concord check DIR --format jsonl\`, 1 thread | | $K1_1 | $K10_1 |
| \`concord check DIR --format jsonl\`, 2 threads | | $K1_2 | $K10_2 |

| ratio | value |
|---|---:|
| one case (claim-holds) / \`--version\` | $(ratio "$C1" "$V") |
| typed floor / parse floor, 1,000 cases | $(ratio "$T1" "$F1") |
| concord 1 thread / typed floor, 1,000 cases | $(ratio "$K1_1" "$T1") |
| 1 thread / 2 threads, 1,000 cases | $(ratio "$K1_1" "$K1_2") |
| 1 thread / 2 threads, $N_MID cases | $(ratio "$K10_1" "$K10_2") |

| peer (1,000 small cases) | 1 case ms | 1,000 cases ms | peer / concord 2 threads |
|---|---:|---:|---:|
$PYROW
${REGROW:-$(peer_row regorus regorus)}
$(peer_row OPA opa)
$(peer_row Spectral spectral)

| peak memory | time, peak RSS |
|---|---|
| \`concord check\` one case | $MONE |
| \`concord check DIR\`, 1,000 small cases, 2 threads | $M1 |
| \`concord check DIR\`, $N_MID small cases, 2 threads | $M10 |
| \`concord check DIR\`, $N_BIG small cases, 2 threads | $MB |
| \`concord fmt --check\`, pack of 7,150 trivial rules ($PACK1 bytes) | $R1F |
| \`concord check --rules\`, the same pack | $R1C |
| \`concord fmt --check\`, 100,000 trivial rules ($PACK100 bytes) | $R100F |
| \`concord check --rules\`, 100,000 trivial rules | $R100C |
EOF

if [[ "${NO_CRITERION:-0}" != 1 ]]; then
    log "criterion: parse and compile of the generated 1,000-rule pack"
    echo
    echo "Criterion (\`cargo bench --bench engine -- generated_1000\`), median:"
    echo
    cargo bench --locked --quiet --bench engine -- --warm-up-time 1 --measurement-time 3 generated_1000 2>/dev/null \
        | grep -E '^[a-z_/0-9]+ +time:|^(parse|compile)/generated' | sed 's/^/    /' || true
fi

if [[ "${NO_CALLGRIND:-0}" != 1 ]] && command -v valgrind >/dev/null; then
    log "callgrind: one case"
    OUT="$WORK/callgrind.out"
    valgrind --tool=callgrind --callgrind-out-file="$OUT" "$BIN" check "$ONE" --as-of $AS_OF --format json >/dev/null 2>&1 || true
    echo
    echo "Profile of \`concord check examples/claim-holds\` (callgrind, inclusive instructions of concord's stages):"
    echo
    callgrind_annotate --inclusive=yes "$OUT" 2>/dev/null \
        | grep -E 'PROGRAM TOTALS|concord::(syntax::parse::parse_with_depth|compile::compile|compile::regexes::build|eval::evaluate_within|eval::lexicon::find|check::load::load_case|report::write_report) ' \
        | grep -v '=>' | sed -E 's/ \[[^]]*\]$//; s#/[^ ]*/src/#src/#; s/^/    /' || true
fi
