#!/usr/bin/env python3
"""Verify EXPECTED.tsv against the contracts of held-out set w9.

Checks: exact header; every row has 4 tab-separated columns; expected is flag or clean;
the file exists (path relative to this folder); line is a positive integer within the file;
the phrase occurs verbatim on that 1-based line; no duplicate rows; flag phrases not reused
across documents; every contract is 40-90 lines; every contract.yaml loads with PyYAML.
Exit 0 when all pass, 1 otherwise.
"""
import os, sys, collections
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []
def err(msg): errors.append(msg)

path = os.path.join(HERE, 'EXPECTED.tsv')
with open(path, encoding='utf-8', newline='') as f:
    lines = f.read().split('\n')
if lines and lines[-1] == '':
    lines.pop()
if not lines or lines[0] != 'file\tline\tphrase\texpected':
    err('bad header: %r' % (lines[0] if lines else None))

cache = {}
seen = set()
flags_by_phrase = collections.defaultdict(set)
counts = collections.Counter()
for n, row in enumerate(lines[1:], 2):
    cols = row.split('\t')
    if len(cols) != 4:
        err('EXPECTED.tsv:%d: %d columns' % (n, len(cols))); continue
    fpath, line, phrase, expected = cols
    if expected not in ('flag', 'clean'):
        err('EXPECTED.tsv:%d: expected %r' % (n, expected))
    if not phrase or phrase != phrase.strip():
        err('EXPECTED.tsv:%d: empty or padded phrase %r' % (n, phrase))
    full = os.path.join(HERE, fpath)
    if os.path.isabs(fpath) or not os.path.isfile(full):
        err('EXPECTED.tsv:%d: no such file %s' % (n, fpath)); continue
    if fpath not in cache:
        with open(full, encoding='utf-8') as g:
            cache[fpath] = g.read().split('\n')
    try:
        ln = int(line)
    except ValueError:
        err('EXPECTED.tsv:%d: line %r not an integer' % (n, line)); continue
    text = cache[fpath]
    if not 1 <= ln <= len(text):
        err('EXPECTED.tsv:%d: line %d outside %s' % (n, ln, fpath)); continue
    if phrase not in text[ln - 1]:
        err('EXPECTED.tsv:%d: %r not on %s:%d' % (n, phrase, fpath, ln))
    key = (fpath, ln, phrase)
    if key in seen:
        err('EXPECTED.tsv:%d: duplicate row' % n)
    seen.add(key)
    counts[(fpath, expected)] += 1
    if expected == 'flag':
        flags_by_phrase[phrase.lower()].add(fpath)

for ph, fs in flags_by_phrase.items():
    if len(fs) > 1:
        err('flag phrase %r reused in %s' % (ph, sorted(fs)))

contracts = []
for root, _, names in os.walk(os.path.join(HERE, 'contracts')):
    for name in names:
        contracts.append(os.path.relpath(os.path.join(root, name), HERE))
for c in sorted(contracts):
    with open(os.path.join(HERE, c), encoding='utf-8') as g:
        body = g.read()
    nlines = len(body.rstrip('\n').split('\n'))
    if not 40 <= nlines <= 90:
        err('%s: %d lines (want 40-90)' % (c, nlines))
    if c.endswith('.yaml'):
        try:
            doc = yaml.safe_load(body)
            if not isinstance(doc, dict):
                err('%s: not a mapping' % c)
        except yaml.YAMLError as e:
            err('%s: YAML error: %s' % (c, e))
    print('%-45s %3d lines %3d flag %3d clean' % (c, nlines, counts[(c, 'flag')], counts[(c, 'clean')]))

print('%d rows: %d flag, %d clean' % (len(lines) - 1, sum(v for (f, e), v in counts.items() if e == 'flag'),
                                       sum(v for (f, e), v in counts.items() if e == 'clean')))
for e in errors:
    print('ERROR', e)
print('OK' if not errors else '%d error(s)' % len(errors))
sys.exit(1 if errors else 0)
