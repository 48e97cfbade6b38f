//! Runs one rule set over many case folders: which folders are cases, and how verdicts move between
//! two versions of a pack (`concord rules diff --cases`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::check::load::{self, Limits};
use crate::compile::ir::{RuleSet, Severity};
use crate::eval::{evaluate, EvalOptions};
use crate::files::{Files, InputError, Kind};
use crate::source::SourceMap;

/// The case folders directly under `dir` (those holding a `contract.yaml`), sorted by name.
pub fn case_folders(files: &dyn Files, dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let shown = dir.to_string_lossy().into_owned();
    let has_contract = |p: &Path| files.kind(&p.join("contract.yaml")) == Some(Kind::File);
    let mut folders: Vec<PathBuf> = files
        .list(dir, &shown)
        .map_err(|_| InputError::NotFound {
            path: shown.clone(),
        })?
        .into_iter()
        .filter(|(p, kind)| *kind == Kind::Folder && has_contract(p))
        .map(|(p, _)| p)
        .collect();
    if folders.is_empty() && has_contract(dir) {
        folders.push(dir.to_path_buf());
    }
    Ok(folders)
}

/// The verdict of a case under one pinned pack version: ready, and the rule ids with error findings.
fn verdict(
    files: &dyn Files,
    rules: &RuleSet,
    rule_sources: &SourceMap,
    folder: &Path,
    pin: &str,
    as_of: Option<NaiveDate>,
) -> Result<(bool, Vec<String>), String> {
    let mut sources = rule_sources.clone();
    let case = load::load_case(files, &mut sources, folder, &Limits::default())
        .map_err(|p| format!("{} problem(s) in the input", p.len()))?;
    let today = chrono::Local::now().date_naive();
    // The other packs' versions follow the signing date; `as_of` is only the evaluation date.
    let signed = case.signed().unwrap_or(today);
    let date = as_of.unwrap_or(signed);
    let selection = rules.select(signed, &[pin.to_owned()])?;
    let options = EvalOptions {
        as_of: date,
        stages: None,
        packs: Some(selection.active),
        rule_date: Some(date),
    };
    let findings = evaluate(rules, &case, &sources, &options).findings;
    let mut errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule_id.clone())
        .collect();
    errors.sort();
    errors.dedup();
    Ok((errors.is_empty(), errors))
}

/// For each case, its verdict under `from` and under `to`; lists the cases whose verdict or errors change.
pub fn verdict_moves(
    files: &dyn Files,
    rules: &RuleSet,
    sources: &SourceMap,
    folders: &[PathBuf],
    from: &str,
    to: &str,
    as_of: Option<NaiveDate>,
) -> String {
    let word = |ready: bool| if ready { "ready" } else { "not ready" };
    let mut out = format!("cases under {from} and {to}:\n");
    let mut moved = 0;
    for folder in folders {
        let name = folder.to_string_lossy();
        match (
            verdict(files, rules, sources, folder, from, as_of),
            verdict(files, rules, sources, folder, to, as_of),
        ) {
            (Ok((ready_a, errors_a)), Ok((ready_b, errors_b))) => {
                let added: Vec<&String> =
                    errors_b.iter().filter(|e| !errors_a.contains(e)).collect();
                let removed: Vec<&String> =
                    errors_a.iter().filter(|e| !errors_b.contains(e)).collect();
                if ready_a == ready_b && added.is_empty() && removed.is_empty() {
                    continue;
                }
                if ready_a != ready_b {
                    moved += 1;
                }
                let mut line = format!("  {name}: {} → {}", word(ready_a), word(ready_b));
                if !added.is_empty() {
                    let _ = write!(line, "; new errors {}", join(&added));
                }
                if !removed.is_empty() {
                    let _ = write!(line, "; errors gone {}", join(&removed));
                }
                let _ = writeln!(out, "{line}");
            }
            (Err(e), _) | (_, Err(e)) => {
                let _ = writeln!(out, "  {name}: not checked: {e}");
            }
        }
    }
    let _ = writeln!(out, "{moved} of {} cases change verdict", folders.len());
    out
}

fn join(ids: &[&String]) -> String {
    ids.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Counts of a batch, for the summary table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Cases whose records agree.
    pub ready: usize,
    /// Cases with error findings.
    pub not_ready: usize,
    /// Cases whose files are bad input.
    pub bad_input: usize,
    /// Ready cases whose most serious finding (not waived) is a warning.
    pub ready_with_warnings: usize,
    /// Ready cases whose most serious finding (not waived) is an info.
    pub ready_with_infos: usize,
}

impl BatchSummary {
    /// The number of checked cases (not bad input) with a finding of `severity` or more serious.
    pub fn failing(&self, fail_on: Severity) -> usize {
        match fail_on {
            Severity::Error => self.not_ready,
            Severity::Warning => self.not_ready + self.ready_with_warnings,
            Severity::Info => self.not_ready + self.ready_with_warnings + self.ready_with_infos,
        }
    }
}

/// A callback given each case's outcome before it is rendered (to write one report file per case), from the
/// worker threads.
pub type EachCase<'a> = &'a (dyn Fn(&Path, &crate::check::run::CaseOutcome, &SourceMap) + Sync);

/// How a batch reports besides its stream: progress, one callback per case, and which lines to print.
pub struct BatchHooks<'a> {
    /// Called once per case checked, from the worker threads.
    pub progress: &'a (dyn Fn() + Sync),
    /// Called with each case's outcome, from the worker threads.
    pub each: Option<EachCase<'a>>,
    /// Print only the cases that fail (`--quiet`): bad input, or a finding of `fail_on` or more serious.
    pub quiet: bool,
    /// The least severity that fails a case.
    pub fail_on: Severity,
}

/// Cases checked at once: enough for both cores, few enough that memory stays flat over any number of cases.
const CHUNK: usize = 64;

/// The most serious severity among the findings that are not waived.
fn worst(report: &crate::report::CaseReport) -> Option<Severity> {
    report
        .findings
        .iter()
        .filter(|f| f.waived.is_none())
        .map(|f| f.severity)
        .min()
}

/// Checks many cases on all cores and streams one result per case, in the order given.
#[allow(
    clippy::too_many_arguments,
    reason = "where the cases come from, the rules, how to check and render, where to write, the hooks"
)]
pub fn run_batch(
    files: &dyn Files,
    rules: &RuleSet,
    rule_sources: &SourceMap,
    folders: &[PathBuf],
    options: &crate::check::run::CheckOptions,
    format: crate::report::Format,
    out: &mut dyn std::io::Write,
    hooks: &BatchHooks<'_>,
) -> std::io::Result<BatchSummary> {
    use crate::check::run::CaseOutcome;
    use crate::report::Format;
    use rayon::prelude::*;
    let mut summary = BatchSummary::default();
    let array = format == Format::Json;
    if array {
        writeln!(out, "[")?;
    }
    let mut first = true;
    for chunk in folders.chunks(CHUNK) {
        let results: Vec<(u8, Option<Severity>, Vec<u8>)> = chunk
            .par_iter()
            .map(|folder| {
                let (outcome, sources) =
                    crate::check::run::check_case(files, rules, rule_sources, folder, options);
                if let Some(each) = hooks.each {
                    each(folder, &outcome, &sources);
                }
                let worst = match &outcome {
                    CaseOutcome::Report(report) => worst(report),
                    _ => None,
                };
                let mut text = Vec::new();
                let kind = render_one(&mut text, folder, outcome, &sources, format);
                (hooks.progress)();
                (kind, worst, text)
            })
            .collect();
        for (kind, worst, text) in results {
            match (kind, worst) {
                (0, Some(Severity::Warning)) => {
                    summary.ready += 1;
                    summary.ready_with_warnings += 1;
                }
                (0, Some(Severity::Info)) => {
                    summary.ready += 1;
                    summary.ready_with_infos += 1;
                }
                (0, _) => summary.ready += 1,
                (1, _) => summary.not_ready += 1,
                _ => summary.bad_input += 1,
            }
            let fails = kind != 0 || worst.is_some_and(|w| w <= hooks.fail_on);
            if hooks.quiet && !fails {
                continue;
            }
            if array && !first {
                writeln!(out, ",")?;
            }
            first = false;
            let text = if array {
                trim_newline(&text)
            } else {
                &text[..]
            };
            out.write_all(text)?;
        }
    }
    if array {
        writeln!(out, "\n]")?;
    }
    Ok(summary)
}

fn trim_newline(text: &[u8]) -> &[u8] {
    text.strip_suffix(b"\n").unwrap_or(text)
}

/// Renders one case of a batch; returns 0 ready, 1 not ready, 2 bad input.
fn render_one(
    out: &mut Vec<u8>,
    folder: &Path,
    outcome: crate::check::run::CaseOutcome,
    sources: &SourceMap,
    format: crate::report::Format,
) -> u8 {
    use crate::check::run::CaseOutcome;
    use crate::report::{self, Format};
    use std::io::Write as _;
    let name = folder.to_string_lossy();
    match outcome {
        CaseOutcome::Report(report) => {
            let kind = u8::from(!report.is_ready());
            let _ = match format {
                Format::Json | Format::Jsonl | Format::Github => {
                    report::write_report(out, &report, sources, format)
                }
                _ => writeln!(out, "{}", report::verdict_line(&report)),
            };
            kind
        }
        CaseOutcome::BadInput(problems) => {
            let _ = match format {
                Format::Json | Format::Jsonl | Format::Github => {
                    report::write_bad_case(out, &name, &problems, sources, format)
                }
                _ => writeln!(
                    out,
                    "{name}: bad input: {} (run `concord check {name}` for the details)",
                    first_problem(&problems)
                ),
            };
            2
        }
        CaseOutcome::Usage(message) => {
            let _ = writeln!(out, "{name}: {message}");
            2
        }
    }
}

fn first_problem(problems: &[crate::check::load::Problem]) -> String {
    let count = problems.len();
    let first = problems
        .first()
        .map(|p| p.diagnostic().to_string())
        .unwrap_or_default();
    if count > 1 {
        format!("{first} (and {} more)", count - 1)
    } else {
        first
    }
}

/// The summary table printed after a batch in text formats.
pub fn summary_table(summary: &BatchSummary) -> String {
    let total = summary.ready + summary.not_ready + summary.bad_input;
    format!(
        "\n  verdict     cases\n  ready      {:>6}\n  not ready  {:>6}\n  bad input  {:>6}\n  total      {:>6}\n",
        summary.ready, summary.not_ready, summary.bad_input, total
    )
}
