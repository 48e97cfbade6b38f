//! Graphical output: miette's report handler, one block per finding or problem, then the verdict.

use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use super::diagnostic::{finding_block, problem_block};
use super::CaseReport;
use crate::check::problem::Problem;
use crate::source::SourceMap;

fn handler(colour: bool, width: usize) -> GraphicalReportHandler {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
}

fn render(handler: &GraphicalReportHandler, diagnostic: &dyn Diagnostic) -> String {
    let mut text = String::new();
    if handler.render_report(&mut text, diagnostic).is_err() {
        text = format!("{diagnostic}\n");
    }
    text
}

pub(super) fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
    colour: bool,
    width: usize,
) -> io::Result<()> {
    let handler = handler(colour, width);
    for finding in &report.findings {
        let block = finding_block(finding, sources);
        writeln!(out, "{}", render(&handler, &block))?;
    }
    super::write_trailer(out, report)
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
    colour: bool,
    width: usize,
) -> io::Result<()> {
    let handler = handler(colour, width);
    for problem in problems {
        writeln!(
            out,
            "{}",
            render(&handler, &problem_block(problem, sources))
        )?;
    }
    writeln!(
        out,
        "{} {} in the input: nothing was checked",
        problems.len(),
        super::plural(problems.len(), "problem")
    )
}
