# Peer for benches/compare.sh: six of concord's bundled rules (rules/trade_assurance.concord), as Rego states them.
# Input: a case's inspection.yaml; data: its contract.yaml and evidence.yaml (both merged at the root of `data`).
#   regorus eval -d policy.rego -d CASE/contract.yaml -d CASE/evidence.yaml -i CASE/inspection.yaml data.concord.deny
# Each message starts with the concord rule the peer rule stands for. The same six rules, with the same
# simplifications, as benches/peers/pyyaml_check.py:
#   TA-INSP-003  the inspection's pass/fail agrees with its measurement, for spec items named `throughput*` whose
#                requirement is a bound (>=, >, <=, <, ≥, ≤) or a range (`48..52`, `48-52`, `48 to 52`); other
#                requirements are skipped; rates convert between /s, /min and /h of one counted thing, any other pair
#                of units is reported as not comparable; float arithmetic (concord: exact rationals, every unit).
#   TA-ARR-004   the incident report is dated at most 7 days after arrival.
#   TA-FILE-001  a filed dispute is inside the contract's protection window, counted from confirmed receipt (also
#                when the window names no event), delivery or arrival (arrival.date) or shipment (shipment.on_board);
#                the window is `[within] N [calendar] day(s)|week(s)|month(s) [after|from|following|of EVENT]` with
#                data/windows.tsv's number words and event phrases copied below (a month is a calendar month, the
#                day cut to the month's last); any other wording is reported as unreadable.
#   TA-PSI-004   the inspection company names a body of the lexicon `independent_inspectors` (copied below from
#                rules/trade_assurance.concord; not data/inspection_bodies.tsv) as whole words, ignoring case, a space
#                also matching a hyphen, and names no in-house QC department (the rule's own regex); a name glued to a
#                non-ASCII letter (`ÄSGS`) counts here, not in concord.
#   TA-PSI-002   the buyer booked and paid the inspection.
#   TA-ARR-006   every pulled unit has a photo marked `lot_code_visible: true`.
# As in concord, a value a rule needs that the records lack is a finding ("not provable"), and the pre-shipment and
# unit rules do not apply when the evidence lists claims none of which is a quality claim (TA-ARR-004: all of which
# are late-shipment claims). Unlike concord and the Python peer, all three records must exist (regorus reads each file
# given), and contract and evidence share one namespace (`data.shipment` holds both records' `shipment`).
package concord

import rego.v1

day_ns := ((24 * 60) * 60) * 1000000000

# ---------------------------------------------------------------- guards

quality_rules_off if {
	claims := data.dispute.claims
	is_array(claims)
	every c in claims {
		object.get(c, "kind", null) != "quality"
	}
}

arrival_rules_off if {
	claims := data.dispute.claims
	is_array(claims)
	every c in claims {
		object.get(c, "kind", null) == "late_shipment"
	}
}

# ---------------------------------------------------------------- TA-INSP-003 (throughput items)

bound_re := `^\s*(>=|<=|>|<|≥|≤)\s*([0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*$`

range_re := `^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:\.\.|-|to)\s*([0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*$`

reading_re := `^\s*([0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*$`

seconds := {"s": 1, "sec": 1, "min": 60, "h": 3600, "hr": 3600}

# [op, a, b, unit]
requirement(text) := [m[1], to_number(m[2]), 0, m[3]] if {
	is_string(text)
	m := regex.find_all_string_submatch_n(bound_re, text, 1)[0]
}

requirement(text) := ["..", to_number(m[1]), to_number(m[2]), m[3]] if {
	is_string(text)
	not regex.match(bound_re, text)
	m := regex.find_all_string_submatch_n(range_re, text, 1)[0]
}

# [value, unit]
reading(text) := [to_number(m[1]), m[2]] if {
	is_string(text)
	m := regex.find_all_string_submatch_n(reading_re, text, 1)[0]
}

# The factor that turns a value in `unit` into `to`.
factor(unit, to) := 1 if unit == to

factor(unit, to) := seconds[q[1]] / seconds[p[1]] if {
	unit != to
	p := split(unit, "/")
	q := split(to, "/")
	count(p) == 2
	count(q) == 2
	p[0] == q[0]
	seconds[p[1]]
	seconds[q[1]]
}

meets(r, v) := v >= r[1] if r[0] in {">=", "≥"}

meets(r, v) := v <= r[1] if r[0] in {"<=", "≤"}

meets(r, v) := v > r[1] if r[0] == ">"

meets(r, v) := v < r[1] if r[0] == "<"

meets(r, v) := v >= r[1] if {
	r[0] == ".."
	v <= r[2]
}

meets(r, v) := false if {
	r[0] == ".."
	v > r[2]
}

throughput_reading contains [name, result, r, x] if {
	not quality_rules_off
	some name, item in data.spec
	startswith(name, "throughput")
	result := input.results[name]
	r := requirement(item.requirement)
	x := reading(result.measured)
}

deny contains msg if {
	some [name, result, r, x] in throughput_reading
	f := factor(x[1], r[3])
	meets(r, x[0] * f) != (result.result == "pass")
	msg := sprintf("TA-INSP-003: %s reported %v but measured %v against `%v`", [name, result.result, result.measured, data.spec[name].requirement])
}

deny contains msg if {
	some [name, result, r, x] in throughput_reading
	factor(x[1], r[3])
	not result.result
	msg := sprintf("TA-INSP-003: %s measured %v but has no pass/fail", [name, result.measured])
}

deny contains msg if {
	some [name, result, r, x] in throughput_reading
	not factor(x[1], r[3])
	msg := sprintf("TA-INSP-003: %s measured %v, not comparable with `%v`", [name, result.measured, data.spec[name].requirement])
}

# ---------------------------------------------------------------- TA-PSI-002, TA-PSI-004

booked_and_paid_by_buyer if {
	input.report.booked_by == "buyer"
	input.report.paid_by == "buyer"
}

deny contains msg if {
	not quality_rules_off
	not booked_and_paid_by_buyer
	report := object.get(input, "report", {})
	msg := sprintf("TA-PSI-002: inspection booked by %v and paid by %v", [object.get(report, "booked_by", null), object.get(report, "paid_by", null)])
}

# The lexicon independent_inspectors of rules/trade_assurance.concord, each as whole words (ASCII word edges, as
# concord's patterns), ignoring case (both sides lower-cased); a space matches a hyphen too. One regex per name, tried
# only when the text holds the name's first word, as concord tries a phrase only when the text holds its anchor words
# (regorus compiles a regex on every call).
independent_inspectors := [
	"SGS", "Bureau Veritas", "BV", "Intertek", "TÜV SÜD", "TUV SUD", "TÜV Rheinland", "TUV Rheinland", "QIMA",
	"CCIC", "AsiaInspection", "Eurofins", "UL", "ALS", "HQTS", "Cotecna",
]

sep := `(?:\s*[-‐‑–]\s*|\s+)`

name_re(name) := concat("", [`(?-u:\b)`, concat(sep, split(name, " ")), `(?-u:\b)`])

# The rule's own regex, `(?i)` dropped as the text is lower-cased.
in_house_re := `\b(department|dept\.?|qc|qa|quality (control|assurance)|in-house|factory|workshop|team)\b`

independent_body if {
	company := input.report.company
	is_string(company)
	text := lower(company)
	some name in independent_inspectors
	contains(text, lower(split(name, " ")[0]))
	regex.match(name_re(lower(name)), text)
	not regex.match(in_house_re, text)
}

deny contains msg if {
	not quality_rules_off
	not independent_body
	msg := sprintf("TA-PSI-004: `%v` is not a known independent inspection body", [object.get(object.get(input, "report", {}), "company", null)])
}

# ---------------------------------------------------------------- TA-ARR-004, TA-ARR-006

arrival_and_report_dated if {
	data.arrival.date
	data.incident_report.date
}

deny contains msg if {
	not arrival_rules_off
	days := (time.parse_ns("2006-01-02", data.incident_report.date) - time.parse_ns("2006-01-02", data.arrival.date)) / day_ns
	days > 7
	msg := sprintf("TA-ARR-004: incident report %v days after arrival", [days])
}

deny contains msg if {
	not arrival_rules_off
	not arrival_and_report_dated
	msg := "TA-ARR-004: arrival or incident report not dated: not provable"
}

lot_code_shown(unit) if {
	some photo in unit.photos
	photo.lot_code_visible == true
}

deny contains msg if {
	not quality_rules_off
	some i, unit in data.units
	not lot_code_shown(unit)
	msg := sprintf("TA-ARR-006: unit %v (#%d) has no photo with its lot code visible", [object.get(unit, "lot_code", null), i])
}

# ---------------------------------------------------------------- TA-FILE-001

# data/windows.tsv: the events a window counts from, and the number words.
window_events := {
	"confirmed receipt": "receipt", "receipt confirmation": "receipt", "confirmation of receipt": "receipt",
	"buyer's confirmation of receipt": "receipt", "receipt": "receipt", "receipt of goods": "receipt",
	"receipt of the goods": "receipt", "delivery": "delivery", "date of delivery": "delivery",
	"delivery date": "delivery", "delivery of the goods": "delivery", "arrival": "arrival",
	"date of arrival": "arrival", "arrival date": "arrival", "arrival at destination": "arrival",
	"arrival at the destination port": "arrival", "arrival of the goods": "arrival", "shipment": "shipment",
	"date of shipment": "shipment", "shipment date": "shipment", "bill of lading date": "shipment",
	"b/l date": "shipment", "on-board date": "shipment", "on board date": "shipment",
}

number_words := {
	"one": 1, "two": 2, "three": 3, "five": 5, "seven": 7, "ten": 10, "fourteen": 14, "fifteen": 15,
	"twenty": 20, "twenty-one": 21, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
	"one hundred twenty": 120, "one hundred and twenty": 120, "one hundred eighty": 180,
	"one hundred and eighty": 180,
}

separators := [" after ", " from ", " following ", " of "]

# [length text, event]
window_parts(body) := [substring(body, 0, first[0]), window_events[anchor]] if {
	found := [[i, s] | some s in separators; i := indexof(body, s); i >= 0]
	count(found) > 0
	first := min(found)
	anchor := trim_prefix(trim_right(substring(body, first[0] + count(first[1]), -1), ".,;:"), "the ")
}

window_parts(body) := [body, "unstated"] if {
	every s in separators {
		indexof(body, s) < 0
	}
}

window_number(text) := number_words[text]

window_number(text) := to_number(text) if regex.match(`^[0-9]+$`, text)

window := {"n": n, "unit": unit, "event": parts[1]} if {
	text := data.protection.claim_window
	is_string(text)
	body := trim_prefix(lower(concat(" ", regex.split(`\s+`, trim_space(text)))), "within ")
	parts := window_parts(body)
	words := [w | some w in split(parts[0], " "); w != "calendar"; not regex.match(`^\(.*\)$`, w)]
	m := regex.find_all_string_submatch_n(`^(.+?)\s+(day|days|week|weeks|month|months)$`, concat(" ", words), 1)[0]
	k := window_number(m[1])
	unit := trim_right(m[2], "s")
	n := k * {"day": 1, "week": 7, "month": 1}[unit]
}

window_start("receipt") := data.arrival.receipt_confirmed

window_start("unstated") := data.arrival.receipt_confirmed

window_start("delivery") := data.arrival.date

window_start("arrival") := data.arrival.date

window_start("shipment") := data.shipment.on_board

window_end(start, w) := time.parse_ns("2006-01-02", start) + (w.n * day_ns) if w.unit != "month"

# A calendar month later, the day cut to the month's last: 2026-01-31 + 1 month is 2026-02-28.
window_end(start, w) := target + ((day - 1) * day_ns) if {
	w.unit == "month"
	first := time.parse_ns("2006-01-02", concat("", [substring(start, 0, 8), "01"]))
	target := time.add_date(first, 0, w.n, 0)
	last_day := (time.add_date(first, 0, w.n + 1, 0) - target) / day_ns
	day := min([to_number(substring(start, 8, 2)), last_day])
}

deny contains msg if {
	filed := data.dispute.filed
	w := window
	start := window_start(w.event)
	time.parse_ns("2006-01-02", filed) > window_end(start, w)
	msg := sprintf("TA-FILE-001: filed on %v, outside %v (%v %v)", [filed, data.protection.claim_window, w.event, start])
}

deny contains msg if {
	data.dispute.filed
	not window
	msg := sprintf("TA-FILE-001: cannot read the protection window `%v`", [object.get(object.get(data, "protection", {}), "claim_window", null)])
}

deny contains msg if {
	data.dispute.filed
	w := window
	not window_start(w.event)
	msg := sprintf("TA-FILE-001: the window counts from %v, which the evidence does not date", [w.event])
}
