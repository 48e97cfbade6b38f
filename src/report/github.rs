//! GitHub Actions workflow commands: one `::error file=F,line=L,col=C,...::message` line per finding, so each
//! finding is shown on the file's line in a pull request; escaped as the workflow-command format requires.

use std::io::{self, Write};

use super::{CaseReport, Position};
use crate::check::problem::Problem;
use crate::compile::ir::Severity;
use crate::eval::finding::{Finding, Outcome};
use crate::source::SourceMap;

/// Escapes a message: `%`, carriage return and line feed.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn properties(at: Option<Position>, title: &str) -> String {
    let mut parts = Vec::new();
    if let Some(p) = at {
        parts.push(format!("file={}", escape_property(&p.file)));
        parts.push(format!("line={}", p.line));
        parts.push(format!("col={}", p.column));
        if p.end_line == p.line {
            parts.push(format!("endColumn={}", p.end_column));
        } else {
            parts.push(format!("endLine={}", p.end_line));
        }
    }
    parts.push(format!("title={}", escape_property(title)));
    parts.join(",")
}

fn write_finding(out: &mut dyn Write, f: &Finding, sources: &SourceMap) -> io::Result<()> {
    let anchor = f.marks.first().map_or(f.rule, |m| m.at);
    let outcome = match f.outcome {
        Outcome::Violated => "",
        Outcome::NotProvable => "cannot be shown: ",
    };
    // A waived finding stays visible, as a notice that says so.
    let (level, waived) = match &f.waived {
        Some(w) => (
            "notice",
            format!(" (waived by {}: {})", w.approver, w.reason),
        ),
        None => (command(f.severity), String::new()),
    };
    let title = format!(
        "{} {}{}",
        f.severity,
        f.rule_id,
        if waived.is_empty() { "" } else { " (waived)" }
    );
    let message = format!("{outcome}{}{waived}\nhelp: {}", f.message, f.help);
    writeln!(
        out,
        "::{level} {}::{}",
        properties(Position::of(anchor, sources), &title),
        escape_data(&message)
    )
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
        let at = problem.location().and_then(|at| Position::of(at, sources));
        let mut message = d.to_string();
        if let Some(help) = d.help() {
            message.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(
            out,
            "::error {}::{}",
            properties(at, &code),
            escape_data(&message)
        )?;
    }
    writeln!(
        out,
        "{} {} in the input: nothing was checked",
        problems.len(),
        super::plural(problems.len(), "problem")
    )
}

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property};

    #[test]
    fn escapes_as_the_workflow_command_format_requires() {
        assert_eq!(
            escape_data("50% at 1:2,\r\nnext"),
            "50%25 at 1:2,%0D%0Anext"
        );
        assert_eq!(
            escape_property("cases/a,b:c%\n.yaml"),
            "cases/a%2Cb%3Ac%25%0A.yaml"
        );
    }
}
