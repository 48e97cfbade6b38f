//! JUnit XML output for CI dashboards (`docs/reports.md`): one test suite per case, one test case per
//! finding (errors fail, warnings and infos pass with their text in `system-out`), and a last test case,
//! `verdict`, that fails when the case is not ready. Problems become one `bad_input` test case in error.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::{attr, xml_text};
use super::{verdict_line, CaseReport, Position};
use crate::check::problem::Problem;
use crate::compile::ir::Severity;
use crate::eval::finding::{Finding, Outcome};
use crate::source::SourceMap;

/// The plain-text block of a finding, as `--format plain` prints it.
fn details(f: &Finding, sources: &SourceMap) -> String {
    let mut text = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = super::plain::write_finding(&mut text, f, sources);
    String::from_utf8_lossy(&text).into_owned()
}

/// Test case names, made unique within their class by a counter: `RULE-ID item (2)`.
fn names(findings: &[Finding]) -> Vec<String> {
    let mut seen: BTreeMap<(&str, String), usize> = BTreeMap::new();
    findings
        .iter()
        .map(|f| {
            let base = match &f.item {
                Some(item) => format!("{} {item}", f.rule_id),
                None => f.rule_id.clone(),
            };
            let n = seen.entry((f.pack.as_str(), base.clone())).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base} ({n})")
            }
        })
        .collect()
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Violated => "violated",
        Outcome::NotProvable => "not_provable",
    }
}

fn write_finding(
    out: &mut dyn Write,
    f: &Finding,
    name: &str,
    sources: &SourceMap,
) -> io::Result<()> {
    let anchor = f.marks.first().map_or(f.rule, |m| m.at);
    let place = Position::of(anchor, sources)
        .map(|p| {
            format!(
                "{}{}",
                attr("file", &p.file),
                attr("line", &p.line.to_string())
            )
        })
        .unwrap_or_default();
    writeln!(
        out,
        "    <testcase{}{}{place}>",
        attr("classname", &f.pack),
        attr("name", name)
    )?;
    let text = xml_text(&details(f, sources));
    if let Some(w) = &f.waived {
        // An accepted exception: neither a failure nor a pass.
        writeln!(
            out,
            "      <skipped{}/>",
            attr(
                "message",
                &format!(
                    "waived by {} until {}: {}",
                    w.approver,
                    w.expires.format("%Y-%m-%d"),
                    w.reason
                )
            )
        )?;
        writeln!(out, "      <system-out>{text}</system-out>")?;
    } else if f.severity == Severity::Error {
        writeln!(
            out,
            "      <failure{}{}>{text}</failure>",
            attr("message", &f.message),
            attr("type", outcome(f.outcome))
        )?;
    } else {
        writeln!(out, "      <system-out>{text}</system-out>")?;
    }
    writeln!(out, "    </testcase>")
}

pub(super) fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
) -> io::Result<()> {
    let ready = report.is_ready();
    let tests = report.findings.len() + 1;
    let failures = report.count(Severity::Error) + usize::from(!ready);
    let counts = format!(
        "{}{}{}{}",
        attr("tests", &tests.to_string()),
        attr("failures", &failures.to_string()),
        attr("errors", "0"),
        attr("skipped", &report.waived().to_string())
    );
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites{}{counts}>", attr("name", "concord"))?;
    writeln!(
        out,
        "  <testsuite{}{counts}>",
        attr("name", &format!("concord: {}", report.case))
    )?;
    writeln!(out, "    <properties>")?;
    let subject = match report.subject {
        super::Subject::Case => "case",
        super::Subject::Contract | super::Subject::ContractText => "contract",
    };
    let mut properties = vec![
        ("subject", subject.to_owned()),
        ("case", report.case.clone()),
        (
            "config",
            report.config.clone().unwrap_or_else(|| "none".to_owned()),
        ),
        ("as_of", report.as_of.format("%Y-%m-%d").to_string()),
        (
            "verdict",
            if ready { "ready" } else { "not_ready" }.to_owned(),
        ),
    ];
    properties.extend(report.packs.iter().map(|p| {
        (
            "pack",
            format!("{} {} ({})", p.name, p.version, p.chosen_by),
        )
    }));
    for (name, value) in properties {
        writeln!(
            out,
            "      <property{}{}/>",
            attr("name", name),
            attr("value", &value)
        )?;
    }
    writeln!(out, "    </properties>")?;
    for (f, name) in report.findings.iter().zip(names(&report.findings)) {
        write_finding(out, f, &name, sources)?;
    }
    let verdict = verdict_line(report);
    let mut summary: Vec<String> = super::pattern_lines(report);
    summary.push(verdict.clone());
    let text = xml_text(&format!("{}\n", summary.join("\n")));
    writeln!(
        out,
        "    <testcase{}{}>",
        attr("classname", "concord"),
        attr("name", "verdict")
    )?;
    if ready {
        writeln!(out, "      <system-out>{text}</system-out>")?;
    } else {
        writeln!(
            out,
            "      <failure{}{}>{text}</failure>",
            attr("message", &verdict),
            attr("type", "not_ready")
        )?;
    }
    writeln!(out, "    </testcase>")?;
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
) -> io::Result<()> {
    let counts = format!(
        "{}{}{}{}",
        attr("tests", "1"),
        attr("failures", "0"),
        attr("errors", "1"),
        attr("skipped", "0")
    );
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites{}{counts}>", attr("name", "concord"))?;
    writeln!(
        out,
        "  <testsuite{}{counts}>",
        attr("name", "concord: bad input")
    )?;
    writeln!(
        out,
        "    <testcase{}{}>",
        attr("classname", "concord"),
        attr("name", "bad_input")
    )?;
    for problem in problems {
        let d = problem.diagnostic();
        let code = d.code().map(|c| c.to_string()).unwrap_or_default();
        let at = problem
            .location()
            .and_then(|at| Position::of(at, sources))
            .map(|p| format!("{}:{}:{}: ", p.file, p.line, p.column))
            .unwrap_or_default();
        let mut text = format!("{at}error[{code}]: {d}\n");
        if let Some(help) = d.help() {
            text.push_str(&format!("  help: {help}\n"));
        }
        writeln!(
            out,
            "      <error{}{}>{}</error>",
            attr("message", &d.to_string()),
            attr("type", &code),
            xml_text(&text)
        )?;
    }
    writeln!(out, "    </testcase>")?;
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
