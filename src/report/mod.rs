//! Reports: findings and problems rendered for people (graphical or plain text) and for tools
//! (JSON, SARIF 2.1.0, JUnit XML); `docs/reports.md` describes each format.
//! This is the only module, with `main.rs`, that turns results into text; it does no other IO.

mod diagnostic;
pub mod escape;
mod html;
mod human;
mod json;
mod junit;
mod plain;
pub mod ruletests;
mod sarif;

use std::io::{self, Write};

pub use crate::check::outcome::{CaseReport, PackUsed, PatternHit, Subject};
use crate::check::problem::Problem;
use crate::compile::ir::Severity;
use crate::source::{Location, SourceMap};

pub use json::SCHEMA_VERSION;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical diagnostics with source excerpts.
    Graphical {
        /// Colour output.
        colour: bool,
        /// Terminal width.
        width: usize,
    },
    /// One line per finding and per location, for logs and pipes.
    Plain,
    /// One JSON object per case (docs/report.schema.json).
    Json,
    /// One JSON object per line, for batches and pipelines.
    Jsonl,
    /// One self-contained HTML page per case, to print or attach to a filing.
    Html,
    /// A SARIF 2.1.0 log with one run, for code-scanning tools (docs/reports.md).
    Sarif,
    /// JUnit XML, one test case per finding plus the verdict, for CI dashboards (docs/reports.md).
    Junit,
}

/// Writes a case report.
pub fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Graphical { colour, width } => visibly(out, colour, |out| {
            human::write_report(out, report, sources, colour, width)
        }),
        Format::Plain => visibly(out, false, |out| plain::write_report(out, report, sources)),
        Format::Json => json::write_report(out, report, sources, false),
        Format::Jsonl => json::write_report(out, report, sources, true),
        Format::Html => html::write_report(out, report, sources),
        Format::Sarif => sarif::write_report(out, report, sources),
        Format::Junit => junit::write_report(out, report, sources),
    }
}

/// Writes a text report with every control character that is left in it shown visibly (`\u{1b}`): values and
/// file names were made visible where they were interpolated (line feeds too); this pass catches anything
/// else, such as rule text. With colour, the escape sequences are the report's own, so the text is written as
/// rendered, from parts already made visible (`diagnostic.rs`).
fn visibly(
    out: &mut dyn Write,
    colour: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if colour {
        return write(out);
    }
    let mut text = Vec::new();
    write(&mut text)?;
    let text = String::from_utf8_lossy(&text);
    out.write_all(crate::text::visible(&text, true).as_bytes())
}

/// Writes the bad input of one case of a batch, naming the case (JSON formats) or as text.
pub fn write_bad_case(
    out: &mut dyn Write,
    case: &str,
    problems: &[Problem],
    sources: &SourceMap,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => json::write_problems(out, problems, sources, Some(case), false),
        Format::Jsonl => json::write_problems(out, problems, sources, Some(case), true),
        other => write_problems(out, problems, sources, other),
    }
}

/// Writes the problems that stopped a run.
pub fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Graphical { colour, width } => visibly(out, colour, |out| {
            human::write_problems(out, problems, sources, colour, width)
        }),
        Format::Plain => visibly(out, false, |out| {
            plain::write_problems(out, problems, sources)
        }),
        Format::Json => json::write_problems(out, problems, sources, None, false),
        Format::Jsonl => json::write_problems(out, problems, sources, None, true),
        Format::Html => html::write_problems(out, problems, sources),
        Format::Sarif => sarif::write_problems(out, problems, sources),
        Format::Junit => junit::write_problems(out, problems, sources),
    }
}

/// A location as file name, 1-based line and column, for text and JSON output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// File name as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// Byte offset of the start.
    pub byte_start: usize,
    /// Byte offset of the end.
    pub byte_end: usize,
}

impl Position {
    /// Resolves a location against the files of the run.
    pub fn of(location: Location, sources: &SourceMap) -> Option<Position> {
        let file = sources.get(location.file)?;
        let (line, column) = file.line_col(location.span.start);
        let (end_line, end_column) = file.line_col(location.span.end);
        Some(Position {
            file: file.name.clone(),
            line,
            column,
            end_line,
            end_column,
            byte_start: location.span.start,
            byte_end: location.span.end,
        })
    }
}

/// The end of a text report: the patterns that weaken the case, the pack versions, the verdict.
fn write_trailer(out: &mut dyn std::io::Write, report: &CaseReport) -> std::io::Result<()> {
    for line in pattern_lines(report) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}", report.packs_line())?;
    writeln!(out, "{}", verdict_line(report))
}

/// The summary of patterns, one line each, for text reports.
fn pattern_lines(report: &CaseReport) -> Vec<String> {
    let hits = report.patterns();
    if hits.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        "what weakens this case, by the patterns that lose Trade Assurance disputes:".to_owned(),
    ];
    lines.extend(
        hits.iter()
            .map(|h| format!("  - {} ({})", h.pattern, h.rules.join(", "))),
    );
    lines
}

/// The closing line of a report: ready or not, with counts.
pub fn verdict_line(report: &CaseReport) -> String {
    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let verdict = match (report.subject, report.is_ready()) {
        (Subject::Case, true) => "the records agree: ready to file",
        (Subject::Case, false) => "not ready: fix the errors before filing",
        (Subject::Contract, true) => "the contract is ready: no contract-stage errors",
        (Subject::Contract, false) => {
            "the contract is not ready: fix the errors before the deposit moves"
        }
        (Subject::ContractText, true) => {
            "no vague wording found (a contract written as text is checked for its wording only: write it as contract.yaml to check its spec, inspection criteria and warranty)"
        }
        (Subject::ContractText, false) => {
            "the contract's wording is not ready: replace the marked phrases before the deposit moves"
        }
    };
    let waived = match report.waived() {
        0 => String::new(),
        n => format!(", {n} waived"),
    };
    format!(
        "{}: {verdict} ({e} {}, {w} {}, {i} info{waived})",
        crate::text::visible(&report.case, false),
        plural(e, "error"),
        plural(w, "warning")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
