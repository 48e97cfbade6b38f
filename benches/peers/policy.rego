# Peer for benches/compare.sh: the subset of concord's checks that Rego states plainly.
# Input: a case's inspection.yaml; data: its evidence.yaml (merged at the root of `data`).
#   regorus eval -d policy.rego -d CASE/evidence.yaml -i CASE/inspection.yaml data.concord.deny
package concord

import rego.v1

# 1. Every inspection result whose name starts with `throughput` measured at least 50 (cycles/min).
deny contains msg if {
	some name, result in input.results
	startswith(name, "throughput")
	value := to_number(split(result.measured, " ")[0])
	value < 50
	msg := sprintf("%s measured %v cycles/min, below 50", [name, value])
}

# 2. The incident report is dated at most 7 days after arrival.
deny contains msg if {
	arrival := time.parse_ns("2006-01-02", data.arrival.date)
	report := time.parse_ns("2006-01-02", data.incident_report.date)
	days := (report - arrival) / (((24 * 60) * 60) * 1000000000)
	days > 7
	msg := sprintf("incident report %v days after arrival", [days])
}
