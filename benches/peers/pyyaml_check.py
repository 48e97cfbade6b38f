#!/usr/bin/env python3
"""Peer for benches/compare.sh and benches/run.sh: six of concord's bundled rules as a plain script, with PyYAML.

Loads contract.yaml, inspection.yaml and evidence.yaml of every case folder given (a folder without a
contract.yaml stands for its case sub-folders), in one process, and checks six rules of rules/trade_assurance.concord.
Each peer rule is named by the concord rule it stands for, with what it simplifies:

  TA-INSP-003  The inspection's pass/fail per item agrees with its own measurement, for the throughput items only:
               every spec item whose name starts with `throughput` and whose contract requirement is a bound
               (`>= 50 cycles/min`; also >, <=, <, ≥, ≤) or a range (`48..52 cycles/min`, `48-52`, `48 to 52`) is
               judged: the inspection's measured value meets it exactly when the inspection reports `pass` (exact
               rationals, as in concord). Simplified: other requirements (`50 cycles/min ± 2`, a time per cycle) are
               skipped where concord judges them; rates convert between /s, /min and /h of the same counted thing,
               any other unit pair is reported as not comparable (concord converts every unit of data/units.tsv).
  TA-ARR-004   The incident report is dated at most 7 days after arrival (evidence.arrival.date,
               evidence.incident_report.date).
  TA-FILE-001  A filed dispute (evidence.dispute.filed) is inside the contract's protection window
               (contract.protection.claim_window) counted from its event: confirmed receipt (also when the window
               names none), delivery or arrival (evidence.arrival.date), or shipment (evidence.shipment.on_board).
               Simplified: a window is `[within] N [calendar] day(s)|week(s)|month(s) [after|from|following|of EVENT]`
               (a month is a calendar month, the day kept or cut to the month's last, as concord counts it) with the
               number words and event phrases of data/windows.tsv copied below; any other wording is reported as
               unreadable (concord reads other units of time too, and refuses an unknown event as bad input, exit
               code 2).
  TA-PSI-004   The inspection company (inspection.report.company) names a body of concord's lexicon
               `independent_inspectors` (rules/trade_assurance.concord, copied below: not data/inspection_bodies.tsv,
               which CLAIM-015 reads and which also lists V-Trust and Pro QC) as whole words, ignoring case, a space
               also matching a hyphen, and names no in-house QC department (the rule's own regex). Simplified: a
               name glued to a non-ASCII letter (`ÄSGS`) counts here, not in concord, and concord's other lexicon
               refinements (a name in a label its line defines after a colon) are not modelled.
  TA-PSI-002   The buyer booked and paid the inspection (inspection.report.booked_by and paid_by are `buyer`).
  TA-ARR-006   Every pulled unit (evidence.units) has a photo marked `lot_code_visible: true`.

As in concord, a rule about a record the case lacks says nothing (concord reports the missing record once), a value a
rule needs that a present record lacks is a finding (concord's "not provable"), and the pre-shipment and unit rules do
not apply when the evidence lists claims none of which is a quality claim (TA-ARR-004: all of which are late-shipment
claims). Not modelled: pack selection by category and date, waivers and concord.toml, bad-input checks (concord
refuses a malformed record with exit code 2; this script reads what PyYAML reads).

Prints one line per violation (`CASE: RULE-ID: message`) to stdout when --print is given, a count to stderr. Uses
libyaml's CSafeLoader when PyYAML has it (the fastest PyYAML loader), else the pure-Python SafeLoader.
"""
import datetime
from fractions import Fraction
import os
import re
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# TA-PSI-004: lexicon independent_inspectors of rules/trade_assurance.concord; a space in a name matches white space
# or a hyphen (concord's word patterns); the name stands alone as a word (ASCII word edges, as concord's patterns).
INDEPENDENT_INSPECTORS = [
    "SGS", "Bureau Veritas", "BV", "Intertek", "TÜV SÜD", "TUV SUD", "TÜV Rheinland", "TUV Rheinland", "QIMA",
    "CCIC", "AsiaInspection", "Eurofins", "UL", "ALS", "HQTS", "Cotecna",
]
SEPARATOR = r"(?:\s*[-‐‑–]\s*|\s+)"
INDEPENDENT = re.compile(
    r"(?<![A-Za-z0-9_])(?:"
    + "|".join(SEPARATOR.join(map(re.escape, n.split())) for n in INDEPENDENT_INSPECTORS)
    + r")(?![A-Za-z0-9_])",
    re.IGNORECASE,
)
IN_HOUSE = re.compile(r"(?i)\b(department|dept\.?|QC|QA|quality (control|assurance)|in-house|factory|workshop|team)\b")

# TA-FILE-001: the events and number words of data/windows.tsv.
WINDOW_EVENTS = {
    "confirmed receipt": "receipt", "receipt confirmation": "receipt", "confirmation of receipt": "receipt",
    "buyer's confirmation of receipt": "receipt", "receipt": "receipt", "receipt of goods": "receipt",
    "receipt of the goods": "receipt", "delivery": "delivery", "date of delivery": "delivery",
    "delivery date": "delivery", "delivery of the goods": "delivery", "arrival": "arrival",
    "date of arrival": "arrival", "arrival date": "arrival", "arrival at destination": "arrival",
    "arrival at the destination port": "arrival", "arrival of the goods": "arrival", "shipment": "shipment",
    "date of shipment": "shipment", "shipment date": "shipment", "bill of lading date": "shipment",
    "b/l date": "shipment", "on-board date": "shipment", "on board date": "shipment",
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "five": 5, "seven": 7, "ten": 10, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "twenty-one": 21, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90, "one hundred twenty": 120,
    "one hundred and twenty": 120, "one hundred eighty": 180, "one hundred and eighty": 180,
}
WINDOW_LENGTH = re.compile(r"^(.+?)\s+(day|days|week|weeks|month|months)$")

# TA-INSP-003: a bound (`>= 50 cycles/min`), a range (`48..52 cycles/min`) and a reading (`52 cycles/min`).
BOUND = re.compile(r"^\s*(>=|<=|>|<|≥|≤)\s*([0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*$")
RANGE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:\.\.|-|to)\s*([0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*$")
READING = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*$")
SECONDS = {"s": 1, "sec": 1, "min": 60, "h": 3600, "hr": 3600}


def case_dirs(args):
    for arg in args:
        if os.path.isfile(os.path.join(arg, "contract.yaml")):
            yield arg
            continue
        for name in sorted(os.listdir(arg)):
            sub = os.path.join(arg, name)
            if os.path.isfile(os.path.join(sub, "contract.yaml")):
                yield sub


def get(doc, *path):
    for key in path:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def as_date(v):
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    return datetime.date.fromisoformat(str(v).strip())


def unit_factor(unit, to):
    """The factor that turns a value in `unit` into `to`, or None when they measure different things."""
    if unit == to:
        return 1
    (what, _, per), (to_what, _, to_per) = unit.partition("/"), to.partition("/")
    if what == to_what and per in SECONDS and to_per in SECONDS:
        return Fraction(SECONDS[to_per], SECONDS[per])
    return None


def requirement(text):
    """`>= 50 cycles/min` -> (unit, test of a value in that unit); None for requirements this script does not read."""
    m = BOUND.match(text)
    if m:
        op, limit = m.group(1), Fraction(m.group(2))
        if op in (">=", "≥"):
            return m.group(3), lambda v: v >= limit
        if op in ("<=", "≤"):
            return m.group(3), lambda v: v <= limit
        return m.group(3), (lambda v: v > limit) if op == ">" else (lambda v: v < limit)
    m = RANGE.match(text)
    if m:
        lo, hi = Fraction(m.group(1)), Fraction(m.group(2))
        return m.group(3), lambda v: lo <= v <= hi
    return None


def add_months(d, n):
    """A calendar month later, as concord counts it: 2026-01-31 + 1 month is 2026-02-28."""
    y, m = divmod(d.month - 1 + n, 12)
    first = datetime.date(d.year + y, m + 1, 1)
    y2, m2 = divmod(m + 1, 12)
    last_day = (datetime.date(d.year + y + y2, m2 + 1, 1) - first).days
    return first.replace(day=min(d.day, last_day))


def window_days_and_event(text):
    """`30 days after confirmed receipt` -> ((30, "days"), "receipt"); None when this script cannot read it."""
    lower = " ".join(str(text).split()).lower()
    if lower.startswith("within "):
        lower = lower[7:]
    found = [(lower.find(s), s) for s in (" after ", " from ", " following ", " of ") if s in lower]
    if found:
        at, sep = min(found)
        length, anchor = lower[:at], lower[at + len(sep):].rstrip(".,;:")
        if anchor.startswith("the "):
            anchor = anchor[4:]
        event = WINDOW_EVENTS.get(anchor)
        if event is None:
            return None
    else:
        length, event = lower, "unstated"
    words = [w for w in length.split() if w != "calendar" and not (w.startswith("(") and w.endswith(")"))]
    m = WINDOW_LENGTH.match(" ".join(words))
    if not m:
        return None
    n = NUMBER_WORDS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
    if n is None:
        return None
    unit = m.group(2).rstrip("s")
    return (n * 7 if unit == "week" else n, "months" if unit == "month" else "days"), event


def check(d):
    docs = {}
    for record in ("contract", "inspection", "evidence"):
        path = os.path.join(d, record + ".yaml")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                docs[record] = yaml.load(f, Loader=Loader) or {}
    contract, insp, ev = docs.get("contract"), docs.get("inspection"), docs.get("evidence")
    out = []
    # The guards of the rules (`when not (evidence exists and evidence.dispute.claims exists and ...)`).
    claims = get(ev, "dispute", "claims") if ev is not None else None
    kinds = [get(c, "kind") for c in claims] if isinstance(claims, list) else None
    quality_rules = kinds is None or "quality" in kinds
    arrival_rules = kinds is None or any(k != "late_shipment" for k in kinds)

    # TA-INSP-003, throughput items: pass/fail agrees with the measurement against the contract's bound.
    if contract is not None and insp is not None and quality_rules:
        results = get(insp, "results") or {}
        for name, item in (get(contract, "spec") or {}).items():
            if not str(name).startswith("throughput"):
                continue
            result = results.get(name) if isinstance(results, dict) else None
            req, measured = get(item, "requirement"), get(result, "measured")
            if req is None or measured is None:
                continue
            bound, reading = requirement(str(req)), READING.match(str(measured))
            if not bound or not reading:
                continue
            factor = unit_factor(reading.group(2), bound[0])
            if factor is None:
                out.append(f"{d}: TA-INSP-003: {name} measured {measured}, not comparable with `{req}`")
                continue
            ok = bound[1](Fraction(reading.group(1)) * factor)
            verdict = get(result, "result")
            if verdict is None:
                out.append(f"{d}: TA-INSP-003: {name} measured {measured} but has no pass/fail")
            elif ok != (verdict == "pass"):
                out.append(f"{d}: TA-INSP-003: {name} reported {verdict} but measured {measured} against `{req}`")

    # TA-PSI-002: booked and paid by the buyer.
    if insp is not None and quality_rules:
        booked, paid = get(insp, "report", "booked_by"), get(insp, "report", "paid_by")
        if booked != "buyer" or paid != "buyer":
            out.append(f"{d}: TA-PSI-002: inspection booked by {booked} and paid by {paid}")

    # TA-PSI-004: an independent inspection body, not an in-house QC department.
    if insp is not None and quality_rules:
        company = get(insp, "report", "company")
        text = company if isinstance(company, str) else ""
        if not INDEPENDENT.search(text) or IN_HOUSE.search(text):
            out.append(f"{d}: TA-PSI-004: `{company}` is not a known independent inspection body")

    # TA-ARR-004: incident report within 7 days of arrival.
    if ev is not None and arrival_rules:
        arrival, report = get(ev, "arrival", "date"), get(ev, "incident_report", "date")
        if arrival is None or report is None:
            out.append(f"{d}: TA-ARR-004: arrival or incident report not dated: not provable")
        else:
            days = (as_date(report) - as_date(arrival)).days
            if days > 7:
                out.append(f"{d}: TA-ARR-004: incident report {days} days after arrival")

    # TA-ARR-006: every pulled unit has a photo with its lot code visible.
    if ev is not None and quality_rules:
        for i, unit in enumerate(get(ev, "units") or []):
            if not any(get(p, "lot_code_visible") is True for p in get(unit, "photos") or []):
                code = get(unit, "lot_code")
                out.append(f"{d}: TA-ARR-006: unit {code} (#{i}) has no photo with its lot code visible")

    # TA-FILE-001: a filed dispute is inside the contract's protection window.
    filed = get(ev, "dispute", "filed")
    if contract is not None and filed is not None:
        window = get(contract, "protection", "claim_window")
        read = window_days_and_event(window) if window is not None else None
        if read is None:
            out.append(f"{d}: TA-FILE-001: cannot read the protection window `{window}`")
        else:
            (n, unit), event = read
            start = {
                "receipt": get(ev, "arrival", "receipt_confirmed"),
                "unstated": get(ev, "arrival", "receipt_confirmed"),
                "delivery": get(ev, "arrival", "date"),
                "arrival": get(ev, "arrival", "date"),
                "shipment": get(ev, "shipment", "on_board"),
            }[event]
            if start is None:
                out.append(f"{d}: TA-FILE-001: the window counts from {event}, which the evidence does not date")
            else:
                start = as_date(start)
                end = add_months(start, n) if unit == "months" else start + datetime.timedelta(days=n)
                if as_date(filed) > end:
                    out.append(f"{d}: TA-FILE-001: filed on {filed}, outside {window} ({event} {start})")
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
    print(f"pyyaml_check: {n} cases, {found} violations of 6 rules ({Loader.__name__})", file=sys.stderr)


if __name__ == "__main__":
    main()
