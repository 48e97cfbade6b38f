//! JSON output: one object per case, versioned (`schema_version`), documented in `docs/report.schema.json`.

use std::io::{self, Write};

use serde::Serialize;

use super::{CaseReport, PackUsed, Position};
use crate::check::problem::Problem;
use crate::compile::ir::{Severity, Stage};
use crate::eval::finding::{Finding, Outcome};
use crate::records::schema::RecordKind;
use crate::source::SourceMap;

/// Bumped whenever a field changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    subject: super::Subject,
    case: &'a str,
    config: Option<&'a str>,
    as_of: String,
    verdict: &'static str,
    packs: &'a [PackUsed],
    summary: Summary,
    patterns: Vec<super::PatternHit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<Deadline>,
    findings: Vec<JsonFinding<'a>>,
}

/// The protection window, when the records state it (`matrix::WindowStatus`).
#[derive(Serialize)]
struct Deadline {
    file_by: String,
    counted_from: String,
    days_left: i64,
    filed: Option<String>,
    planned: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    title: &'a str,
    pack: &'a str,
    pack_version: &'a str,
    severity: Severity,
    stage: Stage,
    outcome: Outcome,
    message: &'a str,
    help: &'a str,
    cite: &'a str,
    sources: Vec<JsonSource<'a>>,
    pattern: Option<&'a str>,
    item: Option<&'a str>,
    record: Option<RecordKind>,
    locations: Vec<JsonLocation<'a>>,
    missing_records: Vec<&'static str>,
    waiver: Option<JsonWaiver<'a>>,
    rule_location: Option<Position>,
}

/// A declared source the cite names; `dated` and `retrieved` both null when the source is undated.
#[derive(Serialize)]
struct JsonSource<'a> {
    id: &'a str,
    title: &'a str,
    url: Option<&'a str>,
    dated: Option<String>,
    retrieved: Option<String>,
}

impl<'a> JsonSource<'a> {
    fn of(source: &'a crate::compile::ir::Source) -> Self {
        use crate::compile::ir::SourceDate;
        let (dated, retrieved) = match source.date {
            SourceDate::Undated => (None, None),
            SourceDate::Dated(d) => (Some(d.to_string()), None),
            SourceDate::Retrieved(d) => (None, Some(d.to_string())),
        };
        JsonSource {
            id: &source.id,
            title: &source.title,
            url: source.url.as_deref(),
            dated,
            retrieved,
        }
    }
}

#[derive(Serialize)]
struct JsonWaiver<'a> {
    reason: &'a str,
    approver: &'a str,
    expires: String,
    location: Option<Position>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    #[serde(flatten)]
    position: Position,
    label: &'a str,
}

fn finding<'a>(f: &'a Finding, sources: &SourceMap) -> JsonFinding<'a> {
    JsonFinding {
        rule_id: &f.rule_id,
        title: &f.title,
        pack: &f.pack,
        pack_version: &f.pack_version,
        severity: f.severity,
        stage: f.stage,
        outcome: f.outcome,
        message: &f.message,
        help: &f.help,
        cite: &f.cite,
        sources: f.sources.iter().map(JsonSource::of).collect(),
        pattern: f.pattern.as_deref(),
        item: f.item.as_deref(),
        record: f.record,
        locations: f
            .marks
            .iter()
            .filter_map(|m| {
                Some(JsonLocation {
                    position: Position::of(m.at, sources)?,
                    label: &m.label,
                })
            })
            .collect(),
        missing_records: f.absent.iter().map(|r| r.file_name()).collect(),
        waiver: f.waived.as_ref().map(|w| JsonWaiver {
            reason: &w.reason,
            approver: &w.approver,
            expires: w.expires.format("%Y-%m-%d").to_string(),
            location: Position::of(w.location, sources),
        }),
        rule_location: Position::of(f.rule, sources),
    }
}

pub(super) fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
    compact: bool,
) -> io::Result<()> {
    let json = JsonReport {
        schema_version: SCHEMA_VERSION,
        subject: report.subject,
        case: &report.case,
        config: report.config.as_deref(),
        as_of: report.as_of.format("%Y-%m-%d").to_string(),
        verdict: if report.is_ready() {
            "ready"
        } else {
            "not_ready"
        },
        packs: &report.packs,
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        patterns: report.patterns(),
        deadline: report.window.as_ref().map(|w| Deadline {
            file_by: w.closes.to_string(),
            counted_from: w.counted_from.clone(),
            days_left: w.days_left,
            filed: w.filed.map(|d| d.to_string()),
            planned: w.planned.map(|d| d.to_string()),
            text: w.line(),
        }),
        findings: report
            .findings
            .iter()
            .map(|f| finding(f, sources))
            .collect(),
    };
    write_json(out, &json, compact)
}

/// Pretty for one case; one line per case (JSON Lines) for batches.
fn write_json(out: &mut dyn Write, value: &impl Serialize, compact: bool) -> io::Result<()> {
    if compact {
        serde_json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    } else {
        serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    }
    writeln!(out)
}

#[derive(Serialize)]
struct JsonProblems<'a> {
    schema_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<&'a str>,
    verdict: &'static str,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonProblem {
    code: String,
    message: String,
    help: Option<String>,
    location: Option<Position>,
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
    case: Option<&str>,
    compact: bool,
) -> io::Result<()> {
    let problems = problems
        .iter()
        .map(|p| {
            let d = p.diagnostic();
            let location = p.location().and_then(|at| Position::of(at, sources));
            JsonProblem {
                code: d.code().map(|c| c.to_string()).unwrap_or_default(),
                message: d.to_string(),
                help: d.help().map(|h| h.to_string()),
                location,
            }
        })
        .collect();
    let json = JsonProblems {
        schema_version: SCHEMA_VERSION,
        case,
        verdict: "bad_input",
        problems,
    };
    write_json(out, &json, compact)
}
