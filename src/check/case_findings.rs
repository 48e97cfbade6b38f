//! Findings about the case as a whole rather than one rule: a missing record reported once with the rules it
//! blocks, and dates in the evidence that lie after the evaluation date.

use chrono::NaiveDate;

use crate::compile::ir::{Severity, Stage};
use crate::eval::finding::{Finding, Mark, Outcome, Raiser};
use crate::records::case::Case;
use crate::records::document::{Value, ValueKind};
use crate::records::schema::RecordKind;
use crate::source::Location;

/// True for the finding a rule makes when a record it reads is absent: nothing located, nothing else to say.
fn only_absent(f: &Finding) -> bool {
    f.outcome == Outcome::NotProvable
        && f.marks.is_empty()
        && !f.absent.is_empty()
        && f.waived.is_none()
}

/// Replaces the per-rule "cannot be shown" findings of each missing record by one finding naming the record and
/// the rules it blocks (in the place of the first of them). Findings that say more than "the record is absent"
/// (a rule that asks for the record itself) stay as they are.
pub fn merge_absent_records(findings: &mut Vec<Finding>) {
    let mut groups: Vec<(Vec<RecordKind>, Vec<Finding>, usize)> = Vec::new();
    let mut kept = Vec::with_capacity(findings.len());
    for f in std::mem::take(findings) {
        if !only_absent(&f) {
            kept.push(f);
            continue;
        }
        match groups.iter_mut().find(|g| g.0 == f.absent) {
            Some(group) => group.1.push(f),
            None => groups.push((f.absent.clone(), vec![f], kept.len())),
        }
    }
    // Insert from the last position back, so earlier positions stay right.
    for (absent, blocked, position) in groups.into_iter().rev() {
        if let Some(merged) = merged_finding(&absent, &blocked) {
            kept.insert(position.min(kept.len()), merged);
        }
    }
    *findings = kept;
}

fn merged_finding(absent: &[RecordKind], blocked: &[Finding]) -> Option<Finding> {
    let first = blocked.first()?;
    let files: Vec<&str> = absent.iter().map(|r| r.file_name()).collect();
    let files = files.join(" and ");
    let severity = blocked
        .iter()
        .map(|f| f.severity)
        .max_by_key(|s| match s {
            Severity::Error => 2,
            Severity::Warning => 1,
            Severity::Info => 0,
        })
        .unwrap_or(Severity::Error);
    let stage = blocked
        .iter()
        .map(|f| f.stage)
        .min()
        .unwrap_or(Stage::Filing);
    let rules: Vec<String> = blocked
        .iter()
        .map(|f| format!("{} ({})", f.rule_id, f.title))
        .collect();
    let by = Raiser {
        id: "CASE-RECORD",
        title: "The case holds every record the rules read",
        pack: "concord",
        pack_version: "",
        severity,
        stage,
        cite: "What's covered by Trade Assurance (Alibaba FAQ, alifaq.org mirror): the inspection report or other evidence recognized by Alibaba shall serve as the criteria. That a dispute rests on the contract, the inspection report and the arrival evidence together is concord's reading",
        sources: &[],
        pattern: None,
        rule: first.rule,
    };
    let count = blocked.len();
    // No pattern of its own: the blocked rules guard against different patterns, and a rule that asks for the
    // record itself (TA-PSI-005, CLAIM-013) names the pattern the absence shows.
    let mut finding = Finding::new(
        &by,
        Outcome::NotProvable,
        format!(
            "the case has no {files}, so {count} {} cannot be checked: {}",
            if count == 1 { "rule" } else { "rules" },
            rules.join("; ")
        ),
        format!(
            "add {files} to the case folder (its fields are in docs/case-format.md); the rules above run once it is there"
        ),
    )
    .needing(absent.to_vec());
    finding.leaves_unprovable = blocked.iter().map(|f| f.rule_id.clone()).collect();
    Some(finding)
}

/// One data warning per record for dates after the evaluation date: evidence of something that has not happened
/// yet is a typing slip or a report run on the wrong day. The dispute itself (its planned or filing date, the
/// inspection after it opens) is left out: the filing rules judge those dates, and a case is often checked as of
/// its filing day, before the dispute inspection.
pub fn future_dates(case: &Case, as_of: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    for record in [RecordKind::Inspection, RecordKind::Evidence] {
        let Some(doc) = case.get(record) else {
            continue;
        };
        let mut marks = Vec::new();
        walk(
            &doc.root,
            &mut String::new(),
            as_of,
            &mut |path, day, span| {
                marks.push(Mark {
                    at: Location {
                        file: doc.file,
                        span,
                    },
                    label: format!("`{path}` is {day}, after {as_of}"),
                });
            },
        );
        let Some(first) = marks.first() else {
            continue;
        };
        let by = Raiser {
            id: "CASE-DATES",
            title: "The records hold no date after the evaluation date",
            pack: "concord",
            pack_version: "",
            severity: Severity::Warning,
            stage: Stage::Filing,
            cite: "concord's reading, no public source: a dispute is judged on the records as they stand, so a record dated after the evaluation date describes what has not happened yet",
            sources: &[],
            pattern: None,
            rule: first.at,
        };
        let n = marks.len();
        out.push(
            Finding::new(
                &by,
                Outcome::Violated,
                format!(
                    "{} {} in {} {} after the evaluation date {as_of}",
                    n,
                    if n == 1 { "date" } else { "dates" },
                    record.file_name(),
                    if n == 1 { "is" } else { "are" }
                ),
                "correct the date if it is a typing slip; if it is right, check the case again on or after that day (`--as-of`), since evidence of what has not happened yet proves nothing".to_owned(),
            )
            .in_record(Some(record))
            .at(marks),
        );
    }
    out
}

fn walk(
    value: &Value,
    path: &mut String,
    as_of: NaiveDate,
    found: &mut dyn FnMut(&str, NaiveDate, crate::source::Span),
) {
    match &value.kind {
        _ if path == "dispute" => {}
        ValueKind::Date(d) if *d > as_of => found(path, *d, value.span),
        ValueKind::Timestamp(t) if t.date_naive() > as_of => {
            found(path, t.date_naive(), value.span)
        }
        ValueKind::Map(fields) => {
            for f in fields {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&f.key);
                walk(&f.value, path, as_of, found);
                path.truncate(len);
            }
        }
        ValueKind::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, as_of, found);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// One error per record that still holds values a template left to fill in (`FILL IN: example`), marking each value:
/// a case is not ready, nor a contract signable, while it holds the template's examples. One finding per record, not
/// per value, so a fresh skeleton reads as three lists to work through rather than seventy errors.
pub fn to_fill_in(case: &Case) -> Vec<Finding> {
    let mut out = Vec::new();
    for record in RecordKind::ALL {
        let Some(doc) = case.get(record) else {
            continue;
        };
        let Some(first) = doc.placeholders.first() else {
            continue;
        };
        let by = Raiser {
            id: "CASE-FILL",
            title: "Every value the template left is filled in",
            pack: "concord",
            pack_version: "",
            severity: Severity::Error,
            stage: if record == RecordKind::Contract {
                Stage::Contract
            } else {
                Stage::Filing
            },
            cite: "concord init: the template's values are examples, not this order's terms",
            sources: &[],
            pattern: None,
            rule: Location {
                file: doc.file,
                span: first.span,
            },
        };
        let marks = doc
            .placeholders
            .iter()
            .map(|p| {
                let shown = p
                    .path
                    .split_once('.')
                    .map_or(p.path.as_str(), |(_, rest)| rest);
                Mark {
                    at: Location {
                        file: doc.file,
                        span: p.span,
                    },
                    label: format!("`{shown}` to fill in (example: {})", p.example),
                }
            })
            .collect();
        let count = doc.placeholders.len();
        out.push(
            Finding::new(
                &by,
                Outcome::Violated,
                if count == 1 {
                    "1 value is still to fill in".to_owned()
                } else {
                    format!("{count} values are still to fill in")
                },
                format!(
                    "replace each marked example with this order's own value, and remove `{}`",
                    crate::records::document::PLACEHOLDER
                ),
            )
            .in_record(Some(record))
            .at(marks),
        );
    }
    out
}
