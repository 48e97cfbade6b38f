//! Runs one rule set over many case folders: which folders are cases, and how verdicts move between
//! two versions of a pack (`concord rules diff --cases`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::eval::{evaluate, EvalOptions};
use crate::input::InputError;
use crate::ir::{RuleSet, Severity};
use crate::pipeline::{self, Limits};
use crate::source::SourceMap;

/// The case folders directly under `dir` (those holding a `contract.yaml`), sorted by name.
pub fn case_folders(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let shown = dir.to_string_lossy().into_owned();
    let entries = std::fs::read_dir(dir).map_err(|_| InputError::NotFound {
        path: shown.clone(),
    })?;
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("contract.yaml").is_file())
        .collect();
    folders.sort();
    if folders.is_empty() && dir.join("contract.yaml").is_file() {
        folders.push(dir.to_path_buf());
    }
    Ok(folders)
}

/// The verdict of a case under one pinned pack version: ready, and the rule ids with error findings.
fn verdict(
    rules: &RuleSet,
    rule_sources: &SourceMap,
    folder: &Path,
    pin: &str,
    as_of: Option<NaiveDate>,
) -> Result<(bool, Vec<String>), String> {
    let mut sources = rule_sources.clone();
    let case = pipeline::load_case(&mut sources, folder, &Limits::default())
        .map_err(|p| format!("{} problem(s) in the input", p.len()))?;
    let date = as_of
        .or_else(|| case.signed())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let selection = rules.select(date, &[pin.to_owned()])?;
    let options = EvalOptions {
        as_of: date,
        stages: None,
        packs: Some(selection.active),
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
            verdict(rules, sources, folder, from, as_of),
            verdict(rules, sources, folder, to, as_of),
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
