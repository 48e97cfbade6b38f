#!/usr/bin/env python3
"""Peer for benches/compare.sh: the subset of concord's checks a plain script can do, with PyYAML.

Loads contract.yaml, inspection.yaml and evidence.yaml of every case folder given (a folder without a
contract.yaml stands for its case sub-folders), in one process, and checks:
  1. every inspection result whose name starts with `throughput` measured at least 50 (cycles/min);
  2. the incident report is dated at most 7 days after arrival.
Prints one line per violation to stdout when --print is given, a count to stderr. Uses libyaml's
CSafeLoader when PyYAML has it (the fastest PyYAML loader), else the pure-Python SafeLoader.
"""
import datetime
import os
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def case_dirs(args):
    for arg in args:
        if os.path.isfile(os.path.join(arg, "contract.yaml")):
            yield arg
            continue
        for name in sorted(os.listdir(arg)):
            sub = os.path.join(arg, name)
            if os.path.isfile(os.path.join(sub, "contract.yaml")):
                yield sub


def as_date(v):
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    return datetime.date.fromisoformat(str(v))


def check(d):
    docs = {}
    for record in ("contract", "inspection", "evidence"):
        path = os.path.join(d, record + ".yaml")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                docs[record] = yaml.load(f, Loader=Loader) or {}
    out = []
    for name, result in ((docs.get("inspection") or {}).get("results") or {}).items():
        if name.startswith("throughput") and isinstance(result, dict):
            value = float(str(result.get("measured", "0")).split()[0])
            if value < 50:
                out.append(f"{d}: {name} measured {value} cycles/min, below 50")
    ev = docs.get("evidence") or {}
    arrival = (ev.get("arrival") or {}).get("date")
    report = (ev.get("incident_report") or {}).get("date")
    if arrival is not None and report is not None:
        days = (as_date(report) - as_date(arrival)).days
        if days > 7:
            out.append(f"{d}: incident report {days} days after arrival")
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--print" in sys.argv
    n = found = 0
    for d in case_dirs(args):
        n += 1
        for line in check(d):
            found += 1
            if show:
                print(line)
    print(f"pyyaml_check: {n} cases, {found} violations ({Loader.__name__})", file=sys.stderr)


if __name__ == "__main__":
    main()
