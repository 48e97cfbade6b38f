#!/usr/bin/env python3
"""Check every row of EXPECTED.tsv: the phrase occurs on that 1-based line of that file."""
import csv, os, sys, collections
root = os.path.dirname(os.path.abspath(__file__))
bad = 0
counts = collections.Counter()
with open(os.path.join(root, 'EXPECTED.tsv'), encoding='utf-8') as f:
    rows = list(csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
assert rows[0] == ['file', 'line', 'phrase', 'expected'], rows[0]
cache = {}
for n, r in enumerate(rows[1:], 2):
    if len(r) != 4:
        print(f'row {n}: {len(r)} columns'); bad += 1; continue
    path, line, phrase, exp = r
    if exp not in ('flag', 'clean'):
        print(f'row {n}: expected={exp!r}'); bad += 1
    if path not in cache:
        p = os.path.join(root, path)
        if not os.path.isfile(p):
            print(f'row {n}: no file {path}'); bad += 1; continue
        cache[path] = open(p, encoding='utf-8').read().split('\n')
    lines = cache[path]
    i = int(line)
    if not (1 <= i <= len(lines)) or phrase not in lines[i - 1] or not phrase.strip():
        print(f'row {n}: {path}:{line}: {phrase!r} not on that line'); bad += 1
    counts[(path, exp)] += 1
for path in sorted({p for p, _ in counts}):
    print(f'{path}\tflag {counts[(path, "flag")]}\tclean {counts[(path, "clean")]}\tlines {len(cache[path]) - (cache[path][-1] == "")}')
print('flag', sum(v for (p, e), v in counts.items() if e == 'flag'), 'clean', sum(v for (p, e), v in counts.items() if e == 'clean'))
print('FAIL' if bad else 'OK: all rows verified', bad)
sys.exit(1 if bad else 0)
