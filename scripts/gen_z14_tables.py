#!/usr/bin/env python3
"""Writes the Z1.4 tables of rules/z14.concord and tests/data/table2a_full_cells.csv.

Table I (lot size and inspection level to code letter) comes from tests/data/table1_code_letters.csv.

Table II-A (single sampling, normal inspection) for the whole AQL range 0.010 to 1000 is written out from the
structure every copy of the table shares (the header of rules/z14.concord names the sources):
  * cells on one diagonal (code letter index + AQL column index) hold the same plan; the series along a row is
    0/1, an up arrow, a down arrow, 1/2, 2/3, 3/4, 5/6, 7/8, 10/11, 14/15, 21/22, 30/31, 44/45;
  * 0/1 stands where letter index + AQL index = 14 (A at 6.5, F at 0.65, Q at 0.010); left of it, down arrows;
  * rows A to E run to 30/31 and 44/45 (A ends at 1000 with 30/31), rows F to R end at 21/22; right of a row's
    last plan, up arrows; row R starts at 1/2 under 0.025.
tests/z14.rs checks the result against the independently published cells for AQL 0.65 to 6.5
(tests/data/table2a_cells.csv) and all 630 plans of tests/data/plans_by_lot_level_aql.csv.

Two cells have an arrow that leads off the table (A under 10 points up, R under 0.015 points down): no plan is
written for them, and rule Z14-AQL-002 says the plan must be stated in the contract.

Three tables are written into the pack:
  z14_sizes  every code letter with its sample size, in order;
  z14_plans  code letter and AQL to the plan reached by following the arrows (effective letter, n, Ac, Re);
  z14_rows   code letter and AQL to the Ac/Re that apply to a sample of that letter's size: the cell's own plan, or
             the first plan above it. This is the largest-sample rule: when one sample serves every defect class,
             each class is judged with the acceptance numbers for that sample.
Run from the repository root: python3 scripts/gen_z14_tables.py
"""
import csv
import re

LAST_LOT = 999999999  # Table I's "500,001 and over" has no upper bound.
LETTERS = "ABCDEFGHJKLMNPQR"
SIZES = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000]
AQLS = ["0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0", "1.5",
        "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250", "400", "650", "1000"]
SERIES = {14: "0/1", 15: "UP", 16: "DOWN", 17: "1/2", 18: "2/3", 19: "3/4", 20: "5/6", 21: "7/8", 22: "10/11",
          23: "14/15", 24: "21/22", 25: "30/31", 26: "44/45"}
LAST_DIAGONAL = {letter: (26 if i <= 4 else 24) for i, letter in enumerate(LETTERS)}


def cell(li, ai):
    d = li + ai
    if d < 14:
        return "DOWN"
    if d > LAST_DIAGONAL[LETTERS[li]]:
        return "UP"
    return SERIES[d]


def cells():
    return [[cell(li, ai) for ai in range(len(AQLS))] for li in range(len(LETTERS))]


def resolve(grid, li, ai):
    """The plan reached from a cell by following its arrows, or None when an arrow leads off the table."""
    while 0 <= li < len(LETTERS):
        c = grid[li][ai]
        if c == "DOWN":
            li += 1
        elif c == "UP":
            li -= 1
        else:
            return li, c
    return None


def at_or_above(grid, li, ai):
    """The Ac/Re for a sample of letter li's size: the cell's plan, or the first plan above it."""
    while li >= 0:
        c = grid[li][ai]
        if c not in ("UP", "DOWN"):
            return c
        li -= 1
    return None


def number(aql):
    return aql if "." in aql else aql + ".0"


def code_letters():
    rows = list(csv.DictReader(open("tests/data/table1_code_letters.csv")))
    out = ["table z14_code_letters {", "  columns lot_min: number, lot_max: number, level: text, letter: text"]
    for r in rows:
        hi = r["lot_max"] or LAST_LOT
        for lv in ["S-1", "S-2", "S-3", "S-4", "I", "II", "III"]:
            out.append(f'  row {r["lot_min"]}, {hi}, "{lv}", "{r[lv]}"')
    return out + ["}"]


def sizes():
    out = ["table z14_sizes {", "  columns letter: text, sample_size: number"]
    out += [f'  row "{l}", {n}' for l, n in zip(LETTERS, SIZES)]
    return out + ["}"]


def plans(grid):
    out = ["table z14_plans {",
           "  columns letter: text, aql: number, effective_letter: text, sample_size: number, ac: number, re: number"]
    for li, letter in enumerate(LETTERS):
        for ai, aql in enumerate(AQLS):
            got = resolve(grid, li, ai)
            if got is None:
                continue
            to, plan = got
            ac, re_ = plan.split("/")
            out.append(f'  row "{letter}", {number(aql)}, "{LETTERS[to]}", {SIZES[to]}, {ac}, {re_}')
    return out + ["}"]


def rows(grid):
    out = ["table z14_rows {", "  columns letter: text, aql: number, ac: number, re: number"]
    for li, letter in enumerate(LETTERS):
        for ai, aql in enumerate(AQLS):
            plan = at_or_above(grid, li, ai)
            if plan is None:
                continue
            ac, re_ = plan.split("/")
            out.append(f'  row "{letter}", {number(aql)}, {ac}, {re_}')
    return out + ["}"]


def check_largest_sample_rows_exist(grid):
    """Every pair of classes whose plans exist finds its Ac/Re in the row of the larger sample."""
    for li in range(len(LETTERS)):
        for a in range(len(AQLS)):
            for b in range(len(AQLS)):
                pa, pb = resolve(grid, li, a), resolve(grid, li, b)
                if pa is None or pb is None:
                    continue
                big = max(pa[0], pb[0])
                assert at_or_above(grid, big, a) and at_or_above(grid, big, b), (LETTERS[li], AQLS[a], AQLS[b])


def write_cells(grid):
    with open("tests/data/table2a_full_cells.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code_letter", "sample_size"] + [f"aql_{a}" for a in AQLS])
        for li, letter in enumerate(LETTERS):
            w.writerow([letter, SIZES[li]] + grid[li])


def splice(text, name, lines):
    block = re.compile(r"^table " + name + r" \{\n.*?^\}\n", re.S | re.M)
    new = "\n".join(lines) + "\n"
    if block.search(text):
        return block.sub(lambda _: new, text, count=1)
    anchor = text.index("rule ")
    return text[:anchor] + new + "\n" + text[anchor:]


def main():
    grid = cells()
    check_largest_sample_rows_exist(grid)
    write_cells(grid)
    path = "rules/z14.concord"
    text = open(path).read()
    for name, lines in [("z14_code_letters", code_letters()), ("z14_sizes", sizes()),
                        ("z14_plans", plans(grid)), ("z14_rows", rows(grid))]:
        text = splice(text, name, lines)
    open(path, "w").write(text)


main()
