#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS_PER_TARGET seconds (default 30) and prints a table
# of executions per target. Exits non-zero when a target crashes (the input is left in
# fuzz/artifacts/<target>/; see docs/fuzzing.md for turning it into a regression fixture).
#
# Needs a nightly toolchain and cargo-fuzz. Without them it prints a message and exits 0, unless
# CI_FUZZ_REQUIRED is set (then it exits 1).
#
# Environment: FUZZ_SANITIZER=none builds without AddressSanitizer (faster, for CI smoke runs);
# FUZZ_PROFILE=dev builds unoptimised, with overflow checks (builds in a third of the time, runs
# slower: for CI smoke runs); FUZZ_TARGETS="parse_rules load_yaml" runs only those; FUZZ_RSS_MB overrides the
# 2048 MB memory limit; FUZZ_NO_BUILD=1 runs the binaries as last built (fuzz/target/).
set -u -o pipefail

seconds="${1:-30}"
case "$seconds" in
    '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2

skip() {
    if [ -n "${CI_FUZZ_REQUIRED:-}" ]; then
        echo "fuzz: $1, and CI_FUZZ_REQUIRED is set" >&2
        exit 1
    fi
    echo "fuzz: $1; skipping (set CI_FUZZ_REQUIRED=1 to make this an error)"
    exit 0
}

command -v cargo >/dev/null 2>&1 || skip "cargo is not installed"
cargo +nightly --version >/dev/null 2>&1 || skip "no nightly toolchain (rustup toolchain install nightly)"
cargo +nightly fuzz --version >/dev/null 2>&1 || skip "cargo-fuzz is not installed (cargo install cargo-fuzz)"

all_targets="parse_rules compile_rules rule_packs load_yaml quantity evaluate_case contract_documents"
targets="${FUZZ_TARGETS:-$all_targets}"
rss_mb="${FUZZ_RSS_MB:-2048}"

# --- seed corpora (fuzz/corpus/ is git-ignored, so the seeds come from the repository each time) ---
seed() { # seed TARGET FILE [PREFIX_BYTE_OCTAL]
    local dir="fuzz/corpus/$1" name
    mkdir -p "$dir"
    name="seed-$(printf '%s' "$2${3:-}" | cksum | cut -d' ' -f1)"
    if [ -n "${3:-}" ]; then
        { printf "\\$3"; cat "$2"; } >"$dir/$name"
    else
        cp "$2" "$dir/$name"
    fi
}

shopt -s nullglob globstar
for f in rules/*.concord tests/fixtures/**/*.concord; do
    seed parse_rules "$f"
    seed compile_rules "$f"
done
for f in examples/*/*.yaml tests/fixtures/**/*.yaml rules/tests/*.yaml; do
    seed load_yaml "$f"
done
for f in examples/*/inspection.yaml tests/fixtures/**/inspection.yaml; do
    seed evaluate_case "$f" 000 # first byte 0: the input is inspection.yaml
done
for f in examples/*/evidence.yaml tests/fixtures/**/evidence.yaml; do
    seed evaluate_case "$f" 001 # first byte 1: the input is evidence.yaml
done
# contract_documents: the lint fixtures written as text and Word, each behind its format byte.
for f in tests/fixtures/lint/*.docx tests/fixtures/lint-bad/*.docx; do
    seed contract_documents "$f" 000
done
for f in tests/fixtures/lint/*.txt tests/data/wording/contracts-*/contracts/*.txt; do
    seed contract_documents "$f" 001
done
for f in tests/fixtures/lint/*.md tests/data/wording/contracts-*/contracts/*.md; do
    seed contract_documents "$f" 002
done
# quantity: the quoted and unquoted values of requirement:/measured:/size: lines, one per file.
mkdir -p fuzz/corpus/quantity
grep -rhoE '(requirement|measured|size|sample_size|quantity|value|period|claim_window): *("[^"]*"|[^,}]*)' \
    examples tests/fixtures 2>/dev/null \
    | sed -E 's/^[a-z_]+: *//; s/^"(.*)"$/\1/' | sort -u \
    | while IFS= read -r line; do
        printf '%s' "$line" >"fuzz/corpus/quantity/seed-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
    done
printf '%s\n%s\n%s' '31 cycles/min' '>= 50 cycles/min' '40..60 cycles/min' >fuzz/corpus/quantity/seed-triple

# --- build and run ---
profile="${FUZZ_PROFILE:-release}"
case "$profile" in
    release) profile_flag=() ;;
    dev) profile_flag=(--dev) ;;
    *) echo "fuzz: FUZZ_PROFILE must be release or dev, not '$profile'" >&2; exit 2 ;;
esac

if [ -n "${FUZZ_NO_BUILD:-}" ]; then
    echo "fuzz: FUZZ_NO_BUILD is set: running the targets as last built"
else
    sanitizer="${FUZZ_SANITIZER:-address}"
    echo "fuzz: building targets (cargo +nightly fuzz build, sanitizer $sanitizer, profile $profile)"
    if ! cargo +nightly fuzz build --fuzz-dir fuzz -s "$sanitizer" "${profile_flag[@]}"; then
        echo "fuzz: the fuzz targets do not build" >&2
        exit 1
    fi
fi

host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
if [ "$profile" = dev ]; then bindir="fuzz/target/$host/debug"; else bindir="fuzz/target/$host/release"; fi
logdir="fuzz/logs"
mkdir -p "$logdir"
failed=0
results=()
for target in $targets; do
    log="$logdir/$target.log"
    echo "fuzz: running $target for ${seconds}s (log: $log)"
    # The binary built above is run directly: `cargo fuzz run` would rebuild first, and while src/
    # changes that rebuild would eat the time given to fuzzing.
    # A target with no seeds (rule_packs builds its packs from raw bytes) still needs its corpus folder.
    mkdir -p "fuzz/artifacts/$target" "fuzz/corpus/$target"
    "$bindir/$target" "fuzz/corpus/$target" -artifact_prefix="fuzz/artifacts/$target/" \
        -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -timeout=20 -print_final_stats=1 \
        >"$log" 2>&1
    code=$?
    execs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')"
    if [ -z "$execs" ]; then
        execs="$(grep -oE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | grep -oE '[0-9]+')"
    fi
    if [ -z "$execs" ]; then
        execs="$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')"
    fi
    if [ "$code" -eq 0 ]; then
        status="ok"
    else
        failed=1
        artifact="$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')"
        status="CRASH (exit $code) ${artifact:-see $log}"
    fi
    results+=("$(printf '%-14s %14s  %s' "$target" "${execs:-?}" "$status")")
done

echo
printf '%-14s %14s  %s\n' target executions status
printf '%-14s %14s  %s\n' -------------- -------------- ------
for line in "${results[@]}"; do
    echo "$line"
done
if [ "$failed" -ne 0 ]; then
    echo
    echo "fuzz: a target crashed; reproduce with 'cargo +nightly fuzz run --fuzz-dir fuzz TARGET ARTIFACT'," >&2
    echo "fuzz: minimize with 'cargo +nightly fuzz tmin --fuzz-dir fuzz TARGET ARTIFACT'" >&2
    echo "fuzz: and save it under tests/bad_inputs/regressions/ (docs/fuzzing.md)" >&2
    exit 1
fi
