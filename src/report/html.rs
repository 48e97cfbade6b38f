//! The HTML report, a document a buyer attaches to a dispute filing: one self-contained page per case (inline
//! styles, no external resource) with the order and parties, the claim statement per claimed item, the
//! consistency matrix, the deadlines, the findings grouped by what to do, and the rule packs with their hashes;
//! a print stylesheet lays it out on A4 with page numbers.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::html as esc;
use super::{verdict_line, CaseReport, Position};
use crate::check::matrix::{Cell, CellState, ClaimedItem, MatrixRow};
use crate::check::problem::Problem;
use crate::compile::ir::Severity;
use crate::eval::finding::{Finding, Outcome};
use crate::source::{Location, SourceMap};

/// Colours meet WCAG AA contrast (4.5:1) for their text; no state is told by colour alone (each cell says it).
const STYLE: &str = "
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;background:#fff;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem;border-bottom:1px solid #8c959f;padding-bottom:.2rem;break-after:avoid}
h3{font-size:1rem;margin:1rem 0 .4rem;break-after:avoid}
.verdict{display:inline-block;padding:.25rem .7rem;border-radius:4px;font-weight:600;color:#fff}
.ready{background:#1a7f37}.not-ready{background:#cf222e}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.8rem 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid #8c959f;padding:.4rem .5rem;vertical-align:top;text-align:left}
thead th{background:#eaeef2}tbody th{background:#f6f8fa;font-weight:600}
td.green{background:#dafbe1}td.red{background:#ffebe9}td.grey{background:#eaeef2}
.state{display:block;font-size:12px;font-weight:600}
.at{display:block;font:12px ui-monospace,monospace;color:#424a53}
code{font:12.5px ui-monospace,monospace;background:#eaeef2;border-radius:3px;padding:0 .2em}
.finding{border-left:4px solid #8c959f;padding:.3rem .7rem;margin:.6rem 0;break-inside:avoid}
.finding.error{border-color:#cf222e}.finding.warning{border-color:#9a6700}.finding.info{border-color:#0969da}
.finding p{margin:.2rem 0}.todo{color:#0a3069}.rule{font:12px ui-monospace,monospace;color:#424a53}
caption{caption-side:top;text-align:left;font-size:12px;color:#424a53;padding:.2rem 0}
.hash{font:11px ui-monospace,monospace;word-break:break-all}
footer{margin-top:2rem;font-size:12px;color:#424a53}
@page{size:A4;margin:16mm 14mm 18mm;@bottom-right{content:\"page \" counter(page) \" of \" counter(pages);font:10px system-ui,sans-serif;color:#424a53}@bottom-left{content:\"concord report\";font:10px system-ui,sans-serif;color:#424a53}}
@media print{body{margin:0;max-width:none;padding:0;font-size:11pt}tr,.claim{break-inside:avoid}thead{display:table-header-group}section.findings{break-before:page}a{color:inherit}}
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

/// Escapes text and shows its `code` spans as code, never as raw backticks (an unpaired backtick is dropped).
fn prose(text: &str) -> String {
    let escaped = esc(text);
    let parts: Vec<&str> = escaped.split('`').collect();
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && i + 1 < parts.len() {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The colour class of a cell and its state in words; a contract cell says whether it can be measured against.
fn state_word(state: CellState, contract: bool) -> (&'static str, &'static str) {
    match (state, contract) {
        (CellState::Green, true) => ("green", "measurable, with a method"),
        (CellState::Red, true) => ("red", "no measurable requirement or no method"),
        (CellState::Green, false) => ("green", "meets the contract"),
        (CellState::Red, false) => ("red", "fails the contract"),
        (CellState::Grey, _) => ("grey", "not recorded"),
    }
}

fn td(cell: &Cell, sources: &SourceMap) -> String {
    cell_td(cell, sources, false)
}

fn contract_td(cell: &Cell, sources: &SourceMap) -> String {
    cell_td(cell, sources, true)
}

fn cell_td(cell: &Cell, sources: &SourceMap, contract: bool) -> String {
    let (class, word) = state_word(cell.state, contract);
    format!(
        "<td class=\"{class}\">{}<span class=\"state\">{word}</span>{}</td>",
        prose(&cell.text),
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
    let facts = &report.facts;
    let title = match (&facts.order_id, &facts.product) {
        (Some(id), Some(product)) => format!("Order {id}: {product}"),
        (Some(id), None) => format!("Order {id}"),
        (None, Some(product)) => product.clone(),
        (None, None) => report.case.clone(),
    };
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}: Trade Assurance dispute report</title><style>{STYLE}</style></head><body>\n<header>",
        esc(&title)
    );
    let _ = writeln!(
        page,
        "<h1>{}</h1><p><span class=\"verdict {}\">{}</span> checked on {}</p>",
        esc(&title),
        if ready { "ready" } else { "not-ready" },
        if ready {
            "ready to file"
        } else {
            "not ready to file: fix the errors below first"
        },
        report.as_of,
    );
    order(&mut page, report);
    let _ = writeln!(page, "</header><main>");
    claims(&mut page, report, sources);
    matrix(&mut page, report, sources);
    deadlines(&mut page, report);
    findings(&mut page, report, sources);
    packs(&mut page, report);
    let _ = writeln!(
        page,
        "</main><footer><p>{}</p><p>Every place is given as file:line:column in the case's records. Generated by concord {}.</p></footer></body></html>",
        esc(&verdict_line(report)),
        env!("CARGO_PKG_VERSION")
    );
    out.write_all(page.as_bytes())
}

fn order(page: &mut String, report: &CaseReport) {
    let f = &report.facts;
    let rows: [(&str, Option<String>); 8] = [
        ("Order", f.order_id.clone()),
        ("Product", f.product.clone()),
        ("Category", f.category.clone()),
        ("Buyer", f.buyer.clone()),
        ("Supplier", f.supplier.clone()),
        ("Order value", f.value.clone()),
        ("Quantity", f.quantity.clone()),
        ("Contract signed", f.signed.map(|d| d.to_string())),
    ];
    let _ = write!(page, "<dl class=\"facts\">");
    for (term, value) in rows {
        let _ = write!(
            page,
            "<dt>{term}</dt><dd>{}</dd>",
            value.map_or_else(|| "not stated".to_owned(), |v| esc(&v))
        );
    }
    let _ = write!(
        page,
        "<dt>Case folder</dt><dd><code>{}</code></dd></dl>",
        esc(&report.case)
    );
}

/// Unwaived error findings about one spec item.
fn errors_about<'a>(report: &'a CaseReport, item: &str) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| {
            f.severity == Severity::Error && f.waived.is_none() && f.item.as_deref() == Some(item)
        })
        .collect()
}

fn claims(page: &mut String, report: &CaseReport, sources: &SourceMap) {
    let _ = write!(page, "<section><h2>The claim</h2>");
    let stated = &report.facts.claims;
    // Without stated claims, concord takes as claimed every spec item a record shows failed.
    let taken: Vec<ClaimedItem>;
    let claims: &[ClaimedItem] = if stated.is_empty() {
        taken = report
            .matrix
            .iter()
            .filter(|r| r.inspection.state == CellState::Red || r.arrival.state == CellState::Red)
            .map(|r| ClaimedItem {
                kind: "quality".to_owned(),
                item: Some(r.item.clone()),
                amount: None,
            })
            .collect();
        let _ = write!(
            page,
            "<p>The records list no claims under <code>dispute.claims</code>: every spec item a record shows failed is taken as claimed.</p>"
        );
        &taken
    } else {
        stated
    };
    if claims.is_empty() {
        let _ = write!(page, "<p>Nothing is claimed.</p></section>");
        return;
    }
    for claim in claims {
        let amount = claim
            .amount
            .as_deref()
            .map(|a| format!(", {}", esc(a)))
            .unwrap_or_default();
        match (claim.kind.as_str(), claim.item.as_deref()) {
            ("quality", Some(item)) => {
                let row = report.matrix.iter().find(|r| r.item == item);
                let _ = write!(
                    page,
                    "<div class=\"claim\"><h3>Quality: <code>{}</code>{amount}</h3>",
                    esc(item)
                );
                match row {
                    Some(row) => claim_table(page, report, row, sources),
                    None => {
                        let _ = write!(
                            page,
                            "<p><strong>Not agreed:</strong> the contract has no spec item <code>{}</code>.</p>",
                            esc(item)
                        );
                    }
                }
                let _ = write!(page, "</div>");
            }
            ("late_shipment", _) => {
                let f = &report.facts;
                let late = f
                    .on_board
                    .zip(f.ship_by)
                    .map(|(on, by)| (on - by).num_days());
                let status = match late {
                    Some(days) if days > 0 => format!(
                        "the bill of lading's on-board date is {days} days after the contract's ship-by date"
                    ),
                    Some(_) => "the goods were on board by the ship-by date: there is no late shipment to claim".to_owned(),
                    None => "the ship-by or on-board date is missing".to_owned(),
                };
                let _ = write!(
                    page,
                    "<div class=\"claim\"><h3>Late shipment{amount}</h3><table><thead><tr><th scope=\"col\">contract ship-by</th><th scope=\"col\">on board (bill of lading)</th><th scope=\"col\">statement</th></tr></thead><tbody><tr><td>{}</td><td>{}</td><td>{}</td></tr></tbody></table></div>",
                    f.ship_by.map_or("not stated".to_owned(), |d| d.to_string()),
                    f.on_board.map_or("not recorded".to_owned(), |d| d.to_string()),
                    esc(&status)
                );
            }
            ("short_quantity", _) => {
                let f = &report.facts;
                let _ = write!(
                    page,
                    "<div class=\"claim\"><h3>Short quantity{amount}</h3><table><thead><tr><th scope=\"col\">contract quantity</th><th scope=\"col\">shipped</th><th scope=\"col\">received</th></tr></thead><tbody><tr><td>{}</td><td>{}</td><td>{}</td></tr></tbody></table></div>",
                    esc(f.quantity.as_deref().unwrap_or("not stated")),
                    esc(f.shipped.as_deref().unwrap_or("not recorded")),
                    esc(f.received.as_deref().unwrap_or("not recorded"))
                );
            }
            (kind, _) => {
                let _ = write!(
                    page,
                    "<div class=\"claim\"><h3>{}{amount}</h3></div>",
                    esc(kind)
                );
            }
        }
    }
    let _ = write!(page, "</section>");
}

/// The claim statement for one claimed spec item: what each record says, and whether they agree it failed.
fn claim_table(page: &mut String, report: &CaseReport, row: &MatrixRow, sources: &SourceMap) {
    let against = errors_about(report, &row.item);
    let agreed = row.contract.state == CellState::Green
        && row.inspection.state == CellState::Red
        && row.arrival.state != CellState::Green
        && against.is_empty();
    let _ = write!(
        page,
        "<table><thead><tr><th scope=\"col\">contract requirement</th><th scope=\"col\">pre-shipment inspection</th><th scope=\"col\">on arrival</th></tr></thead><tbody><tr>{}{}{}</tr></tbody></table>",
        contract_td(&row.contract, sources),
        td(&row.inspection, sources),
        td(&row.arrival, sources)
    );
    if agreed {
        let _ = write!(
            page,
            "<p><strong>Agreed:</strong> the contract states a measurable requirement and the records show the item failed it.</p>"
        );
    } else {
        let _ = write!(
            page,
            "<p><strong>Not agreed:</strong> the records do not yet show one failure of this item against the contract"
        );
        if against.is_empty() {
            let _ = write!(page, ".</p>");
        } else {
            let _ = write!(page, ":</p><ul>");
            for f in against {
                let _ = write!(page, "<li>{} ({})</li>", prose(&f.message), esc(&f.rule_id));
            }
            let _ = write!(page, "</ul>");
        }
    }
}

fn matrix(page: &mut String, report: &CaseReport, sources: &SourceMap) {
    let _ = write!(page, "<section><h2>Consistency matrix</h2>");
    if report.matrix.is_empty() {
        let _ = write!(page, "<p>The contract states no spec items.</p></section>");
        return;
    }
    let _ = write!(page, "<table><caption>Every contract spec item across the three records. For a claimed item, <em>fails the contract</em> in the inspection and arrival columns is the claim itself.</caption><thead><tr><th scope=\"col\">spec item</th><th scope=\"col\">contract requires</th><th scope=\"col\">inspection measured</th><th scope=\"col\">arrival measured</th></tr></thead><tbody>");
    for row in &report.matrix {
        let _ = write!(
            page,
            "<tr><th scope=\"row\"><code>{}</code></th>{}{}{}</tr>",
            esc(&row.item),
            contract_td(&row.contract, sources),
            td(&row.inspection, sources),
            td(&row.arrival, sources)
        );
    }
    let _ = writeln!(page, "</tbody></table></section>");
}

fn deadlines(page: &mut String, report: &CaseReport) {
    let _ = write!(page, "<section><h2>Deadlines</h2>");
    let f = &report.facts;
    let _ = write!(page, "<table><tbody>");
    if let Some(w) = &report.window {
        let _ = write!(
            page,
            "<tr><th scope=\"row\">Protection window</th><td><strong>{}</strong><span class=\"at\">last day counted from {}</span></td></tr>",
            esc(&w.line()),
            esc(&w.counted_from)
        );
    } else {
        let _ = write!(page, "<tr><th scope=\"row\">Protection window</th><td>cannot be counted: the contract's window or the date it counts from is missing</td></tr>");
    }
    if let Some(by) = f.ship_by {
        let on = f
            .on_board
            .map_or("not recorded".to_owned(), |d| format!("on board {d}"));
        let _ = write!(
            page,
            "<tr><th scope=\"row\">Ship by</th><td>{by} ({on})</td></tr>"
        );
    }
    let _ = write!(page, "</tbody></table></section>");
}

/// A group of findings by what to do: its heading, a note, and which findings it holds.
type Group = (&'static str, &'static str, fn(&Finding) -> bool);

fn findings(page: &mut String, report: &CaseReport, sources: &SourceMap) {
    let groups: [Group; 4] = [
        (
            "Fix before filing",
            "Each of these is an error: the case is not ready until it is fixed.",
            |f| f.waived.is_none() && f.severity == Severity::Error,
        ),
        (
            "Strengthen the case",
            "Warnings: the dispute team may weigh these against the claim.",
            |f| f.waived.is_none() && f.severity == Severity::Warning,
        ),
        ("For information", "Nothing to do for this filing.", |f| {
            f.waived.is_none() && f.severity == Severity::Info
        }),
        (
            "Accepted by a waiver",
            "Shown for the record; not counted against the case.",
            |f| f.waived.is_some(),
        ),
    ];
    let _ = write!(page, "<section class=\"findings\"><h2>What to do</h2>");
    let hits = report.patterns();
    if !hits.is_empty() {
        let _ = write!(page, "<h3>What weakens this case</h3><ul>");
        for h in hits {
            let _ = write!(
                page,
                "<li>{} ({} {})</li>",
                esc(&super::pattern_label(&h.pattern)),
                h.findings,
                if h.findings == 1 {
                    "finding"
                } else {
                    "findings"
                }
            );
        }
        let _ = write!(page, "</ul>");
    }
    if report.findings.is_empty() {
        let _ = write!(page, "<p>No findings: nothing to fix.</p>");
    }
    for (title, note, wanted) in &groups {
        let here: Vec<&Finding> = report.findings.iter().filter(|f| wanted(f)).collect();
        if here.is_empty() {
            continue;
        }
        let _ = write!(page, "<h3>{title} ({})</h3><p>{note}</p>", here.len());
        for f in here {
            finding(page, f, sources);
        }
    }
    let _ = write!(page, "</section>");
}

fn finding(page: &mut String, f: &Finding, sources: &SourceMap) {
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
        "<div class=\"finding {class}\"><p><strong>{outcome}{}</strong></p>",
        prose(&f.message)
    );
    for m in &f.marks {
        let _ = write!(
            page,
            "{}<span class=\"rule\">{}</span>",
            place(Some(m.at), sources),
            prose(&m.label)
        );
    }
    if let Some(w) = &f.waived {
        let _ = write!(
            page,
            "<p>waived by {} until {}: {}</p>",
            esc(&w.approver),
            w.expires,
            prose(&w.reason)
        );
    }
    let _ = write!(
        page,
        "<p class=\"todo\"><strong>To do:</strong> {}</p><p class=\"rule\">{} {} ({} {})</p></div>",
        prose(&f.help),
        f.severity,
        esc(&f.rule_id),
        esc(&f.pack),
        esc(&f.pack_version)
    );
}

fn packs(page: &mut String, report: &CaseReport) {
    let _ = write!(page, "<section><h2>Rule packs</h2><table><thead><tr><th scope=\"col\">pack</th><th scope=\"col\">version</th><th scope=\"col\">chosen by</th><th scope=\"col\">SHA-256 of the pack's files</th></tr></thead><tbody>");
    for p in &report.packs {
        let _ = write!(
            page,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"hash\">{}</td></tr>",
            esc(&p.name),
            esc(&p.version),
            esc(&p.chosen_by),
            esc(&p.sha256)
        );
    }
    let _ = write!(page, "</tbody></table>");
    let _ = write!(page, "<p>{}</p>", esc(&report.config_line()));
    if !report.packs_not_in_force.is_empty() {
        let _ = write!(
            page,
            "<p>No version in force for: {}</p>",
            esc(&report.packs_not_in_force.join(", "))
        );
    }
    let _ = write!(page, "</section>");
}

pub(super) fn write_problems(
    out: &mut dyn Write,
    problems: &[Problem],
    sources: &SourceMap,
) -> io::Result<()> {
    let mut page = format!("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>concord: bad input</title><style>{STYLE}</style></head><body><h1>Bad input: nothing was checked</h1>");
    for p in problems {
        let d = p.diagnostic();
        let at = p.location();
        let help = d.help().map(|h| h.to_string()).unwrap_or_default();
        let _ = write!(
            page,
            "<div class=\"finding error\">{}{}<p class=\"todo\">{}</p></div>",
            prose(&d.to_string()),
            place(at, sources),
            prose(&help)
        );
    }
    page.push_str("</body></html>\n");
    out.write_all(page.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn code_spans_are_shown_as_code_and_no_backtick_is_left() {
        assert_eq!(
            prose("add `rated_capacity: <x>` under `spec:`"),
            "add <code>rated_capacity: &lt;x&gt;</code> under <code>spec:</code>"
        );
        assert_eq!(prose("a lone ` tick"), "a lone  tick");
        assert_eq!(prose("no code"), "no code");
    }
}
