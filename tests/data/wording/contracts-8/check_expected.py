#!/usr/bin/env python3
"""Verify EXPECTED.tsv: header, 4 tab-separated columns, flag/clean, file exists (relative to this folder),
1-based line in range, phrase occurs on that line; no duplicate rows; every contract YAML loads.
Prints per-file counts; exits 1 on any error."""
import collections, os, sys
import yaml

ROOT = os.path.dirname(os.path.abspath(__file__))
HEADER = ["file", "line", "phrase", "expected"]
errors, counts, seen = [], collections.Counter(), set()
cache = {}

with open(os.path.join(ROOT, "EXPECTED.tsv"), encoding="utf-8", newline="") as fh:
    lines = fh.read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
if not lines or lines[0].split("\t") != HEADER:
    errors.append(f"header must be {HEADER!r}, got {lines[0] if lines else None!r}")
for n, raw in enumerate(lines[1:], start=2):
    cols = raw.split("\t")
    if len(cols) != 4:
        errors.append(f"EXPECTED.tsv:{n}: {len(cols)} columns, want 4"); continue
    path, line, phrase, kind = cols
    if kind not in ("flag", "clean"):
        errors.append(f"EXPECTED.tsv:{n}: expected column {kind!r} is not flag/clean")
    if os.path.isabs(path) or ".." in path.split("/"):
        errors.append(f"EXPECTED.tsv:{n}: path {path!r} must be relative to {ROOT}")
    full = os.path.join(ROOT, path)
    if not os.path.isfile(full):
        errors.append(f"EXPECTED.tsv:{n}: file {path!r} does not exist"); continue
    if not line.isdigit() or int(line) < 1:
        errors.append(f"EXPECTED.tsv:{n}: line {line!r} is not a positive integer"); continue
    if not phrase or phrase != phrase.strip():
        errors.append(f"EXPECTED.tsv:{n}: phrase empty or padded with spaces")
    if full not in cache:
        with open(full, encoding="utf-8") as fh:
            cache[full] = fh.read().split("\n")
    text = cache[full]
    if int(line) > len(text):
        errors.append(f"EXPECTED.tsv:{n}: line {line} beyond end of {path} ({len(text)} lines)"); continue
    if phrase not in text[int(line) - 1]:
        errors.append(f"EXPECTED.tsv:{n}: {phrase!r} not on {path}:{line}")
    key = (path, line, phrase)
    if key in seen:
        errors.append(f"EXPECTED.tsv:{n}: duplicate row {key}")
    seen.add(key)
    counts[(path, kind)] += 1

for dirpath, _, files in os.walk(os.path.join(ROOT, "contracts")):
    for f in files:
        if f.endswith(".yaml"):
            p = os.path.join(dirpath, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    if not isinstance(yaml.safe_load(fh), dict):
                        errors.append(f"{p}: does not load as a mapping")
            except yaml.YAMLError as e:
                errors.append(f"{p}: YAML error: {e}")
for dirpath, _, files in os.walk(os.path.join(ROOT, "contracts")):
    for f in files:
        p = os.path.join(dirpath, f)
        with open(p, encoding="utf-8") as fh:
            nl = len(fh.read().rstrip("\n").split("\n"))
        if not 40 <= nl <= 90:
            errors.append(f"{p}: {nl} lines, want 40-90")

for path in sorted({p for p, _ in counts}):
    print(f"{path}\tflag {counts[(path, 'flag')]}\tclean {counts[(path, 'clean')]}")
print(f"total\tflag {sum(v for (p, k), v in counts.items() if k == 'flag')}\tclean {sum(v for (p, k), v in counts.items() if k == 'clean')}")
if errors:
    print("\n".join(errors), file=sys.stderr); sys.exit(1)
print("OK")
