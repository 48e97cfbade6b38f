//! Runs one rule-test example: builds the case from its base folder and patches, evaluates the rule set,
//! and reports whether the rule fired, held, or did not apply.

use std::path::Path;

use super::patch::{emit, merge};
use super::Example;
use crate::check::load::{self, Limits};
use crate::compile::ir::RuleSet;
use crate::eval::{evaluate, EvalOptions};
use crate::files::{Files, InMemory, Kind};
use crate::records::schema::RecordKind;
use crate::records::yaml;
use crate::source::SourceMap;

/// What a rule did on an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleOutcome {
    /// It produced findings (their messages).
    Fired(Vec<String>),
    /// It applied and held.
    Passed,
    /// It did not apply (its guard was false, or it iterated over nothing).
    NotApplied,
}

/// Where an example's base case is: a folder of `search` holding its `contract.yaml` (the first, in order), or
/// `None` for a bundled base case. When there is neither, every `contract.yaml` path tried.
pub fn base_folder(
    files: &dyn Files,
    base: &str,
    search: &[&Path],
) -> Result<Option<std::path::PathBuf>, Vec<std::path::PathBuf>> {
    let tried: Vec<std::path::PathBuf> = search.iter().map(|dir| dir.join(base)).collect();
    if let Some(found) = tried
        .iter()
        .find(|p| files.kind(&p.join("contract.yaml")) == Some(Kind::File))
    {
        return Ok(Some(found.clone()));
    }
    if crate::packs::bundled::base_case_file(base, "contract.yaml").is_some() {
        return Ok(None);
    }
    Err(tried.into_iter().map(|p| p.join("contract.yaml")).collect())
}

/// Runs an example against a rule set. The base case is looked up as a folder in `search` (in order), then
/// among the bundled base cases. Errors describe broken examples.
pub fn run_example(
    files: &dyn Files,
    rules: &RuleSet,
    rule_sources: &SourceMap,
    rule: &str,
    example: &Example,
    search: &[&Path],
    label: &str,
) -> Result<ExampleOutcome, String> {
    let mut sources = rule_sources.clone();
    let folder = match base_folder(files, &example.base, search) {
        Ok(folder) => folder,
        Err(tried) => {
            return Err(format!(
                "{label}: base case `{}` not found; looked for {} and among the bundled base cases",
                example.base,
                tried
                    .iter()
                    .map(|p| format!("`{}`", p.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    };
    let limits = Limits::default();
    // The patched records are written back as YAML text into memory and loaded like any case folder, so
    // they get the same limits, schema checks and spans as a case on disk.
    let mut case_files = InMemory::new();
    for record in RecordKind::ALL {
        if example.remove.contains(&record) {
            continue;
        }
        let base_text = match &folder {
            Some(folder) => {
                let path = folder.join(record.file_name());
                match files.kind(&path) {
                    Some(_) => Some(
                        files
                            .read_text(&path, &path.to_string_lossy(), limits.max_file_bytes)
                            .map_err(|e| format!("{label}: base {}: {e}", record.file_name()))?
                            .text
                            .to_string(),
                    ),
                    None => None,
                }
            }
            None => crate::packs::bundled::base_case_file(&example.base, record.file_name())
                .map(str::to_owned),
        };
        let patch = example
            .patches
            .iter()
            .find(|(r, _)| *r == record)
            .map(|(_, p)| p);
        let text = match (base_text, patch) {
            (Some(text), None) => text,
            (base_text, Some(patch)) => {
                let mut tree = match base_text {
                    Some(t) => yaml::load(&t, &limits.yaml)
                        .map_err(|e| format!("{label}: base {}: {e}", record.file_name()))?,
                    None => None,
                }
                .unwrap_or_else(|| patch.clone());
                merge(&mut tree, patch);
                emit(&tree)
            }
            (None, None) => continue,
        };
        case_files.insert(Path::new(label).join(record.file_name()), text);
    }
    let case = load::load_case(&case_files, &mut sources, Path::new(label), &limits).map_err(
        |problems| {
            problems
                .iter()
                .map(|p| p.diagnostic().to_string())
                .collect::<Vec<_>>()
                .join("; ")
        },
    )?;
    let as_of = example
        .as_of
        .or_else(|| chrono::NaiveDate::from_ymd_opt(2026, 7, 5))
        .ok_or("bad default date")?;
    let evaluation = evaluate(
        rules,
        &case,
        &sources,
        &EvalOptions {
            as_of,
            stages: None,
            packs: Some(
                rules
                    .select(as_of, &example.packs)
                    .map_err(|e| format!("{label}: {e}"))?
                    .active,
            ),
            rule_date: Some(as_of),
        },
    );
    let fired: Vec<String> = evaluation
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| f.message.clone())
        .collect();
    if !fired.is_empty() {
        return Ok(ExampleOutcome::Fired(fired));
    }
    let passed = evaluation.tally.get(rule).is_some_and(|t| t.passed > 0);
    Ok(if passed {
        ExampleOutcome::Passed
    } else {
        ExampleOutcome::NotApplied
    })
}
