//! Plain text output: `file:line:col: severity[RULE]: message`, then indented notes, for logs and pipes.

use std::io::{self, Write};

use super::{CaseReport, Position};
use crate::check::problem::Problem;
use crate::eval::finding::{Finding, Outcome};
use crate::source::{Location, SourceMap};

fn place(location: Location, sources: &SourceMap) -> String {
    Position::of(location, sources).map_or_else(
        || "?".to_owned(),
        |p| {
            format!(
                "{}:{}:{}",
                crate::text::visible(&p.file, false),
                p.line,
                p.column
            )
        },
    )
}

pub(super) fn write_finding(
    out: &mut dyn Write,
    f: &Finding,
    sources: &SourceMap,
) -> io::Result<()> {
    let anchor = f.marks.first().map_or(f.rule, |m| m.at);
    let outcome = match f.outcome {
        Outcome::Violated => "",
        Outcome::NotProvable => "cannot be shown: ",
    };
    let waived = if f.waived.is_some() { " (waived)" } else { "" };
    writeln!(
        out,
        "{}: {}[{}]{waived}: {outcome}{}",
        place(anchor, sources),
        f.severity,
        f.rule_id,
        f.message
    )?;
    for mark in &f.marks {
        writeln!(out, "  at {}: {}", place(mark.at, sources), mark.label)?;
    }
    for record in &f.absent {
        writeln!(out, "  missing: {}", record.file_name())?;
    }
    writeln!(
        out,
        "  rule {} ({}) at {}",
        f.rule_id,
        format!("{} {}", f.pack, f.pack_version).trim_end(),
        place(f.rule, sources)
    )?;
    if let Some(w) = &f.waived {
        writeln!(
            out,
            "  waived by {} until {} at {}: {}",
            w.approver,
            w.expires,
            place(w.location, sources),
            w.reason
        )?;
    }
    writeln!(out, "  help: {}", f.help)
}

pub(super) fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
) -> io::Result<()> {
    for finding in &report.findings {
        write_finding(out, finding, sources)?;
    }
    super::write_trailer(out, report)
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
) -> io::Result<()> {
    for problem in problems {
        let d = problem.diagnostic();
        let code = d.code().map(|c| c.to_string()).unwrap_or_default();
        let at = problem
            .location()
            .map(|at| format!("{}: ", place(at, sources)))
            .unwrap_or_default();
        // A message names paths and values: one line each, with their control characters shown.
        let message = d.to_string();
        writeln!(
            out,
            "{at}error[{code}]: {}",
            crate::text::visible(&message, false)
        )?;
        if let Some(help) = d.help() {
            let help = help.to_string();
            writeln!(out, "  help: {}", crate::text::visible(&help, false))?;
        }
    }
    writeln!(
        out,
        "{} {} in the input: nothing was checked",
        problems.len(),
        super::plural(problems.len(), "problem")
    )
}
