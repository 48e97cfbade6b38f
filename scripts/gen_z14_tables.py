#!/usr/bin/env python3
"""Writes the tables of rules/z14.concord from the Z1.4 CSVs in tests/data/.

Table I (lot size and inspection level to code letter) and the resolved Table II-A
(code letter and AQL to sample size, acceptance and rejection numbers, arrows followed)
are kept as data in the pack; tests/z14.rs checks them against all 630 rows of
tests/data/plans_by_lot_level_aql.csv. Run from the repository root; prints the tables.
"""
import csv

LAST_LOT = 999999999  # Table I's "500,001 and over" has no upper bound.

def code_letters():
    rows = list(csv.DictReader(open("tests/data/table1_code_letters.csv")))
    levels = ["S-1", "S-2", "S-3", "S-4", "I", "II", "III"]
    out = ["table z14_code_letters {", "  columns lot_min: number, lot_max: number, level: text, letter: text"]
    for r in rows:
        hi = r["lot_max"] or LAST_LOT
        for lv in levels:
            out.append(f'  row {r["lot_min"]}, {hi}, "{lv}", "{r[lv]}"')
    out.append("}")
    return "\n".join(out)

def plans():
    rows = list(csv.DictReader(open("tests/data/table2a_resolved.csv")))
    out = ["table z14_plans {", "  columns letter: text, aql: number, effective_letter: text, sample_size: number, ac: number, re: number"]
    for r in rows:
        out.append(f'  row "{r["code_letter"]}", {r["aql"]}, "{r["effective_letter"]}", {r["sample_size"]}, {r["ac"]}, {r["re"]}')
    out.append("}")
    return "\n".join(out)

print(code_letters())
print()
print(plans())
