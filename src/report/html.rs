//! The filing-ready HTML report: one self-contained page per case (inline styles, no external resource) with the
//! consistency matrix, the findings by lifecycle stage, the protection window and the pack versions.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::html as esc;
use super::{verdict_line, CaseReport, Position};
use crate::check::matrix::{Cell, CellState};
use crate::check::problem::Problem;
use crate::compile::ir::{Severity, Stage};
use crate::eval::finding::Outcome;
use crate::source::{Location, SourceMap};

const STYLE: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:1.8rem 0 .6rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
.verdict{display:inline-block;padding:.25rem .7rem;border-radius:4px;font-weight:600;color:#fff}
.ready{background:#1a7f37}.not-ready{background:#cf222e}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.4rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}td.green{background:#dafbe1}td.red{background:#ffebe9}td.grey{background:#eaeef2;color:#57606a}
.at{display:block;font:12px ui-monospace,monospace;color:#57606a}
.finding{border-left:4px solid #d0d7de;padding:.3rem .7rem;margin:.6rem 0}
.finding.error{border-color:#cf222e}.finding.warning{border-color:#bf8700}.finding.info{border-color:#0969da}.finding.waived{opacity:.65}
.rule{font:12px ui-monospace,monospace;color:#57606a}.help{color:#0550ae}
@media print{body{margin:0;max-width:none}.finding{break-inside:avoid}tr{break-inside:avoid}}
";

fn place(at: Option<Location>, sources: &SourceMap) -> String {
    at.and_then(|l| Position::of(l, sources))
        .map(|p| {
            format!(
                "<span class=\"at\">{}:{}:{}</span>",
                esc(&p.file),
                p.line,
                p.column
            )
        })
        .unwrap_or_default()
}

fn td(cell: &Cell, sources: &SourceMap) -> String {
    let class = match cell.state {
        CellState::Green => "green",
        CellState::Red => "red",
        CellState::Grey => "grey",
    };
    format!(
        "<td class=\"{class}\">{}{}</td>",
        esc(&cell.text),
        place(cell.at, sources)
    )
}

pub(super) fn write_report(
    out: &mut dyn Write,
    report: &CaseReport,
    sources: &SourceMap,
) -> io::Result<()> {
    let mut page = String::new();
    let ready = report.is_ready();
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>concord: {}</title><style>{STYLE}</style></head><body>\n",
        esc(&report.case)
    );
    let _ = writeln!(
        page,
        "<h1>{}</h1><p><span class=\"verdict {}\">{}</span> as of {}</p><p>{}</p>",
        esc(&report.case),
        if ready { "ready" } else { "not-ready" },
        if ready {
            "ready to file"
        } else {
            "not ready to file"
        },
        report.as_of,
        esc(&verdict_line(report))
    );
    if let Some(w) = &report.window {
        let status = match (w.filed, w.days_left) {
            (Some(filed), _) if filed <= w.closes => format!(
                "filed on {filed}, {} days before the window closed on {}",
                (w.closes - filed).num_days(),
                w.closes
            ),
            (Some(filed), _) => format!(
                "filed on {filed}, {} days after the window closed on {}",
                (filed - w.closes).num_days(),
                w.closes
            ),
            (None, days) if days >= 0 => format!(
                "not filed; {days} days left in the protection window, which closes on {}",
                w.closes
            ),
            (None, days) => format!(
                "not filed; the protection window closed {} days ago, on {}",
                -days, w.closes
            ),
        };
        let _ = writeln!(
            page,
            "<p><strong>Protection window:</strong> {}</p>",
            esc(&status)
        );
    }
    matrix(&mut page, report, sources);
    findings(&mut page, report, sources);
    let _ = write!(page, "<h2>Rule packs</h2><ul>");
    for p in &report.packs {
        let _ = write!(
            page,
            "<li>{} {} <span class=\"rule\">sha256 {}</span></li>",
            esc(&p.name),
            esc(&p.version),
            esc(&p.sha256)
        );
    }
    let _ = writeln!(page, "</ul></body></html>");
    out.write_all(page.as_bytes())
}

fn matrix(page: &mut String, report: &CaseReport, sources: &SourceMap) {
    let _ = write!(page, "<h2>Consistency matrix</h2>");
    if report.matrix.is_empty() {
        let _ = write!(page, "<p>The contract states no spec items.</p>");
        return;
    }
    let _ = write!(page, "<table><tr><th>spec item</th><th>contract requires</th><th>inspection measured</th><th>arrival measured</th></tr>");
    for row in &report.matrix {
        let _ = write!(
            page,
            "<tr><th>{}</th>{}{}{}</tr>",
            esc(&row.item),
            td(&row.contract, sources),
            td(&row.inspection, sources),
            td(&row.arrival, sources)
        );
    }
    let _ = writeln!(page, "</table><p class=\"rule\">green: meets the contract; red: fails it or contradicts itself; grey: missing</p>");
}

fn findings(page: &mut String, report: &CaseReport, sources: &SourceMap) {
    let stages = [
        (Stage::Contract, "Contract, before the deposit"),
        (Stage::PreShipment, "Pre-shipment inspection"),
        (Stage::Arrival, "Arrival"),
        (Stage::Filing, "Filing"),
    ];
    let _ = write!(page, "<h2>Findings</h2>");
    if report.findings.is_empty() {
        let _ = write!(page, "<p>No findings.</p>");
    }
    for (stage, title) in stages {
        let here: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.stage == stage)
            .collect();
        if here.is_empty() {
            continue;
        }
        let _ = write!(page, "<h3>{title}</h3>");
        for f in here {
            let class = match (f.waived.is_some(), f.severity) {
                (true, _) => "waived",
                (false, Severity::Error) => "error",
                (false, Severity::Warning) => "warning",
                (false, Severity::Info) => "info",
            };
            let outcome = if f.outcome == Outcome::NotProvable {
                "cannot be shown: "
            } else {
                ""
            };
            let _ = write!(
                page,
                "<div class=\"finding {class}\"><strong>{} {}</strong> {outcome}{}",
                f.severity,
                esc(&f.rule_id),
                esc(&f.message)
            );
            for m in &f.marks {
                let _ = write!(
                    page,
                    "{}<span class=\"rule\">{}</span>",
                    place(Some(m.at), sources),
                    esc(&m.label)
                );
            }
            if let Some(w) = &f.waived {
                let _ = write!(
                    page,
                    "<p>waived by {} until {}: {}</p>",
                    esc(&w.approver),
                    w.expires,
                    esc(&w.reason)
                );
            }
            let _ = write!(
                page,
                "<p class=\"help\">{}</p><span class=\"rule\">{} {} · {}</span></div>",
                esc(&f.help),
                esc(&f.pack),
                esc(&f.pack_version),
                esc(&f.cite)
            );
        }
    }
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
) -> io::Result<()> {
    let mut page = format!("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>concord: bad input</title><style>{STYLE}</style></head><body><h1>Bad input: nothing was checked</h1>");
    for p in problems {
        let d = p.diagnostic();
        let at = p
            .file()
            .zip(d.labels().and_then(|mut l| l.next()))
            .map(|(file, label)| Location {
                file,
                span: crate::source::Span::new(label.offset(), label.offset() + label.len()),
            });
        let help = d.help().map(|h| h.to_string()).unwrap_or_default();
        let _ = write!(
            page,
            "<div class=\"finding error\">{}{}<p class=\"help\">{}</p></div>",
            esc(&d.to_string()),
            place(at, sources),
            esc(&help)
        );
    }
    page.push_str("</body></html>\n");
    out.write_all(page.as_bytes())
}
