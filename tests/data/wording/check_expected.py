#!/usr/bin/env python3
"""Check a held-out set's EXPECTED.tsv against its contracts.

Every row must name an existing file, a line inside it, and a phrase found on that line;
`expected` must be `flag` or `clean`; no row may repeat; a flag phrase may not sit inside a
clean phrase of the same line (or the reverse). Every contract YAML record must load and
carry the top-level sections of docs/case-format.md. Prints counts per file.
Shared by the held-out sets 10 and later: python3 check_expected.py contracts-13 (the set's folder; the current
folder when none is given).
"""
import csv, os, sys
from collections import Counter, defaultdict

HERE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.getcwd())
SECTIONS = {"order", "buyer", "supplier", "shipment", "protection", "payment", "spec", "inspection", "warranty"}


def main():
    errors = []
    path = os.path.join(HERE, "EXPECTED.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != ["file", "line", "phrase", "expected"]:
            errors.append(f"bad header: {header}")
        rows = list(reader)

    cache = {}
    seen = set()
    per_line = defaultdict(list)
    counts = Counter()
    for n, row in enumerate(rows, 2):
        if len(row) != 4:
            errors.append(f"EXPECTED.tsv:{n}: {len(row)} columns")
            continue
        fn, line, phrase, expected = row
        if expected not in ("flag", "clean"):
            errors.append(f"EXPECTED.tsv:{n}: expected is {expected!r}")
        if (fn, line, phrase) in seen:
            errors.append(f"EXPECTED.tsv:{n}: duplicate row")
        seen.add((fn, line, phrase))
        if fn not in cache:
            p = os.path.join(HERE, fn)
            if not os.path.isfile(p):
                errors.append(f"EXPECTED.tsv:{n}: no file {fn}")
                cache[fn] = None
                continue
            with open(p, encoding="utf-8") as g:
                cache[fn] = g.read().split("\n")
        lines = cache[fn]
        if lines is None:
            continue
        try:
            ln = int(line)
        except ValueError:
            errors.append(f"EXPECTED.tsv:{n}: line {line!r} is not a number")
            continue
        if not 1 <= ln <= len(lines):
            errors.append(f"EXPECTED.tsv:{n}: {fn} has no line {ln}")
            continue
        if not phrase or phrase != phrase.strip():
            errors.append(f"EXPECTED.tsv:{n}: empty phrase or phrase with outer spaces")
        if phrase not in lines[ln - 1]:
            where = [i + 1 for i, l in enumerate(lines) if phrase in l]
            errors.append(f"EXPECTED.tsv:{n}: {phrase!r} not on {fn}:{ln}" + (f" (found on {where})" if where else ""))
        per_line[(fn, ln)].append((phrase, expected, n))
        counts[(fn, expected)] += 1

    for (fn, ln), items in per_line.items():
        for a, ea, na in items:
            for b, eb, nb in items:
                if na != nb and ea != eb and a in b:
                    errors.append(f"EXPECTED.tsv:{na}: {ea} {a!r} lies inside {eb} row {nb} on {fn}:{ln}")

    try:
        import yaml
    except ImportError:
        yaml = None
        errors.append("PyYAML is not installed: YAML records not checked")
    for root, _, files in os.walk(os.path.join(HERE, "contracts")):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and yaml is not None:
                p = os.path.join(root, name)
                rel = os.path.relpath(p, HERE)
                try:
                    with open(p, encoding="utf-8") as g:
                        doc = yaml.safe_load(g)
                except yaml.YAMLError as e:
                    errors.append(f"{rel}: does not load: {e}")
                    continue
                if not isinstance(doc, dict):
                    errors.append(f"{rel}: not a mapping")
                    continue
                missing = SECTIONS - set(doc)
                if missing:
                    errors.append(f"{rel}: missing sections {sorted(missing)}")

    files = sorted({fn for fn, _ in counts})
    for fn in files:
        print(f"{fn}\tflag {counts[(fn, 'flag')]}\tclean {counts[(fn, 'clean')]}")
    print(f"total\tflag {sum(v for (f, e), v in counts.items() if e == 'flag')}"
          f"\tclean {sum(v for (f, e), v in counts.items() if e == 'clean')}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print("OK: every row found on its line; YAML records load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
