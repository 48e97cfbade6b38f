#!/usr/bin/env bash
# Reproducible wall-time benchmark for one `concord check` of one case.
#
# Figures are reported as RATIOS against two baselines measured in the same
# run on the same machine, so they can be compared across machines:
#   1. process floor : `cat examples/claim-holds/*.yaml > /dev/null`
#                      (spawn a trivial process that reads the same 3 files)
#   2. start-up      : `concord --version` (the binary's own start-up cost)
#
# Usage:  benches/cli.sh            (from any directory)
# Env:    RUNS=200       timed runs per command (default 200)
#         WARMUP=20      warm-up runs per command (default 20)
#         INSTALL=1      apt-get install -y hyperfine if it is missing
#         NO_HYPERFINE=1 force the pure-bash fallback even if hyperfine exists
#         TIMER=date     in the fallback, time with `date +%s%N` even when
#                        bash's $EPOCHREALTIME is available (see README)
#
# Exit status: non-zero if the build fails or `concord check` fails
# (exit code >= 2). Exit code 1 ("findings") is accepted.

set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "$SCRIPT_DIR/.." && pwd)"
cd "$ROOT"

RUNS="${RUNS:-200}"
WARMUP="${WARMUP:-20}"
CASE="examples/claim-holds"
AS_OF="2026-07-05"
BIN="$ROOT/target/release/concord"

die() { echo "bench: $*" >&2; exit 2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"

# ---------------------------------------------------------------- build
echo "bench: building release binary (cargo build --release --quiet)" >&2
cargo build --release --quiet || die "cargo build --release failed"
[[ -x "$BIN" ]] || die "missing $BIN after build"

shopt -s nullglob
CASE_FILES=("$CASE"/*.yaml)
shopt -u nullglob
((${#CASE_FILES[@]} > 0)) || die "no YAML files in $CASE"

# ---------------------------------------------------------------- sanity run
# One untimed run: exit 0 = no findings/ok, 1 = findings (fine), >=2 = failure.
SANITY_OUT="$(mktemp "${TMPDIR:-/tmp}/concord-bench-out.XXXXXX")"
set +e
"$BIN" check "$CASE" --as-of "$AS_OF" --format json >"$SANITY_OUT" 2>&1
CHECK_RC=$?
set -e
if ((CHECK_RC >= 2)); then
    # with --format json the diagnostics are on stdout; show both streams
    head -n 60 "$SANITY_OUT" >&2
    rm -f "$SANITY_OUT"
    die "concord check $CASE failed with exit code $CHECK_RC"
fi
rm -f "$SANITY_OUT"
((CHECK_RC == 0)) || echo "bench: note: concord check exited 1 (findings); expected 0 for $CASE" >&2
"$BIN" --version >/dev/null || die "concord --version failed"

# ---------------------------------------------------------------- commands
LABEL_FLOOR="cat $CASE/*.yaml > /dev/null"
LABEL_VERSION="concord --version"
LABEL_CHECK="concord check $CASE --as-of $AS_OF --format json"

# Results: parallel arrays of label, mean ms, median ms.
declare -a R_LABEL=() R_MEAN=() R_MEDIAN=()

# ---------------------------------------------------------------- hyperfine
if ! command -v hyperfine >/dev/null 2>&1 && [[ "${INSTALL:-0}" == "1" ]]; then
    echo "bench: INSTALL=1: installing hyperfine with apt-get" >&2
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y hyperfine >&2 || true
    else sudo apt-get install -y hyperfine >&2 || true; fi
fi

USE_HYPERFINE=0
if [[ "${NO_HYPERFINE:-0}" != "1" ]] && command -v hyperfine >/dev/null 2>&1; then
    USE_HYPERFINE=1
fi

run_hyperfine() {
    local csv
    csv="$(mktemp "${TMPDIR:-/tmp}/concord-bench.XXXXXX.csv")"
    # Run without an intermediate shell when supported (-N, hyperfine >= 1.13),
    # so the glob is expanded here and every command is a single exec.
    local -a shellopt=()
    local floor_cmd
    if hyperfine --help 2>/dev/null | grep -q -- '--shell=none\|-N,'; then
        shellopt=(-N)
        floor_cmd="cat ${CASE_FILES[*]}"
    else
        floor_cmd="cat ${CASE_FILES[*]} > /dev/null"
    fi
    local -a ignore=()
    ((CHECK_RC == 1)) && ignore=(-i)   # findings exit 1: do not abort
    hyperfine "${shellopt[@]}" "${ignore[@]}" --style basic \
        --warmup "$WARMUP" --runs "$RUNS" --output null \
        --export-csv "$csv" \
        -n "$LABEL_FLOOR"   "$floor_cmd" \
        -n "$LABEL_VERSION" "$BIN --version" \
        -n "$LABEL_CHECK"   "$BIN check $CASE --as-of $AS_OF --format json" >&2 \
        || { rm -f "$csv"; die "hyperfine failed (a command exited non-zero?)"; }
    # CSV columns (seconds): command,mean,stddev,median,user,system,min,max
    local line
    while IFS= read -r line; do
        R_LABEL+=("${line%%|*}")
        line="${line#*|}"
        R_MEAN+=("${line%%|*}")
        R_MEDIAN+=("${line#*|}")
    done < <(awk -F, '
        NR==1 { for (i=1;i<=NF;i++) col[$i]=i; next }
        { printf "%s|%.3f|%.3f\n", $col["command"], $col["mean"]*1000, $col["median"]*1000 }
    ' "$csv")
    rm -f "$csv"
}

# ---------------------------------------------------------------- bash fallback
# Clock in nanoseconds. Prefer bash's $EPOCHREALTIME (no fork) so the timer's
# own process spawn is not added to every sample; `date +%s%N` otherwise.
if [[ -n "${EPOCHREALTIME:-}" && "${TIMER:-}" != "date" ]]; then
    TIMER_DESC='bash $EPOCHREALTIME'
    now_ns() { local t="${EPOCHREALTIME/[.,]/}"; NOW=$((10#$t * 1000)); }
else
    TIMER_DESC='date +%s%N'
    now_ns() { NOW=$(date +%s%N); }
fi

# run_one KIND -> sets RC
run_one() {
    case "$1" in
        floor)   cat "${CASE_FILES[@]}" >/dev/null; RC=$? ;;
        version) "$BIN" --version >/dev/null; RC=$? ;;
        check)   "$BIN" check "$CASE" --as-of "$AS_OF" --format json >/dev/null 2>&1; RC=$? ;;
    esac
}

bench_loop() {   # bench_loop KIND LABEL
    local kind="$1" label="$2" i t0 rc
    local -a samples=()
    set +e
    for ((i = 0; i < WARMUP; i++)); do run_one "$kind"; done
    for ((i = 0; i < RUNS; i++)); do
        now_ns; t0=$NOW
        run_one "$kind"
        now_ns
        rc=$RC
        if [[ "$kind" == check ]] && ((rc >= 2)); then
            set -e; die "concord check failed with exit code $rc during timing"
        elif [[ "$kind" != check ]] && ((rc != 0)); then
            set -e; die "'$label' failed with exit code $rc"
        fi
        samples+=($((NOW - t0)))
    done
    set -e
    local stats
    stats=$(printf '%s\n' "${samples[@]}" | sort -n | awk '
        { v[NR]=$1; s+=$1 }
        END {
            med = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
            printf "%.3f|%.3f", s/NR/1e6, med/1e6
        }')
    R_LABEL+=("$label")
    R_MEAN+=("${stats%%|*}")
    R_MEDIAN+=("${stats#*|}")
}

# ---------------------------------------------------------------- run
if ((USE_HYPERFINE)); then
    METHOD="hyperfine $(hyperfine --version | awk '{print $2}')"
    echo "bench: timing with $METHOD ($WARMUP warm-up, $RUNS runs per command)" >&2
    run_hyperfine
else
    METHOD="bash loop, timer: $TIMER_DESC"
    echo "bench: hyperfine not found; $METHOD ($WARMUP warm-up, $RUNS runs per command)" >&2
    bench_loop floor   "$LABEL_FLOOR"
    bench_loop version "$LABEL_VERSION"
    bench_loop check   "$LABEL_CHECK"
fi

# ---------------------------------------------------------------- peak RSS
rss_kb() {   # rss_kb CMD... -> prints max RSS in KiB, or "n/a"
    local f v
    if [[ -x /usr/bin/time ]] && f=$(mktemp "${TMPDIR:-/tmp}/concord-bench-rss.XXXXXX"); then
        # -o keeps GNU time's report apart from the command's own stderr;
        # on a non-zero exit it adds a status line first, so take the last line.
        /usr/bin/time -f '%M' -o "$f" "$@" >/dev/null 2>&1 || true
        v=$(tail -n 1 "$f"); rm -f "$f"
        [[ "$v" =~ ^[0-9]+$ ]] && printf '%s' "$v" || printf 'n/a'
    else
        printf 'n/a'
    fi
}
RSS_CHECK=$(rss_kb "$BIN" check "$CASE" --as-of "$AS_OF" --format json)
RSS_VERSION=$(rss_kb "$BIN" --version)

# ---------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }

FLOOR_MEAN=${R_MEAN[0]} VERSION_MEAN=${R_MEAN[1]} CHECK_MEAN=${R_MEAN[2]}
FLOOR_MED=${R_MEDIAN[0]} VERSION_MED=${R_MEDIAN[1]} CHECK_MED=${R_MEDIAN[2]}

echo
echo "### concord CLI benchmark"
echo
echo "- machine: $(uname -sm), nproc=$(nproc 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (dirty tree)')"
echo "- method: $METHOD; $WARMUP warm-up + $RUNS timed runs per command; ratios use means"
echo "- concord check exit code: $CHECK_RC"
echo
echo "| command | mean ms | median ms | ratio to process floor |"
echo "|---|---:|---:|---:|"
for i in "${!R_LABEL[@]}"; do
    printf '| `%s` | %s | %s | %s |\n' "${R_LABEL[$i]}" "${R_MEAN[$i]}" "${R_MEDIAN[$i]}" \
        "$(ratio "${R_MEAN[$i]}" "$FLOOR_MEAN")"
done
echo
echo "- concord check / process floor: $(ratio "$CHECK_MEAN" "$FLOOR_MEAN")x mean, $(ratio "$CHECK_MED" "$FLOOR_MED")x median"
echo "- concord check / concord --version: $(ratio "$CHECK_MEAN" "$VERSION_MEAN")x mean, $(ratio "$CHECK_MED" "$VERSION_MED")x median"
echo "- check cost above start-up (mean): $(awk -v a="$CHECK_MEAN" -v b="$VERSION_MEAN" 'BEGIN{printf "%.3f", a-b}') ms"
echo "- peak RSS: concord check = ${RSS_CHECK} KiB, concord --version = ${RSS_VERSION} KiB (/usr/bin/time -f %M)"
echo "- target: < 10 ms wall for one case on a 2-core machine -> $(awk -v m="$CHECK_MEAN" 'BEGIN{ print (m < 10) ? "met" : "NOT met" }') (mean ${CHECK_MEAN} ms)"
