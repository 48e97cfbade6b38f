//! Runs one rule-test example: builds the case from its base folder and patches, evaluates the rule set,
//! and reports whether the rule fired, held, or did not apply.

use std::path::Path;

use super::patch::{emit, merge};
use super::Example;
use crate::compile::ir::RuleSet;
use crate::eval::{evaluate, EvalOptions};
use crate::records::case::Case;
use crate::records::document;
use crate::records::schema::{RecordKind, Schema};
use crate::records::yaml;
use crate::source::{SourceFile, SourceMap};

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

/// Runs an example against a rule set. The base case is looked up as a folder in `search` (in order), then
/// among the bundled base cases. Errors describe broken examples.
pub fn run_example(
    rules: &RuleSet,
    rule_sources: &SourceMap,
    rule: &str,
    example: &Example,
    search: &[&Path],
    label: &str,
) -> Result<ExampleOutcome, String> {
    let mut sources = rule_sources.clone();
    let mut case = Case::new(label);
    let folder = search
        .iter()
        .map(|dir| dir.join(&example.base))
        .find(|p| p.join("contract.yaml").is_file());
    if folder.is_none()
        && crate::packs::bundled::base_case_file(&example.base, "contract.yaml").is_none()
    {
        return Err(format!("{label}: base case `{}` not found", example.base));
    }
    for record in RecordKind::ALL {
        if example.remove.contains(&record) {
            continue;
        }
        let path = folder.as_ref().map(|f| f.join(record.file_name()));
        let base_text = match &path {
            Some(p) => std::fs::read_to_string(p).ok(),
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
                    Some(t) => yaml::load(&t, &yaml::Limits::default())
                        .map_err(|e| format!("{label}: base {}: {e}", record.file_name()))?,
                    None => None,
                }
                .unwrap_or_else(|| patch.clone());
                merge(&mut tree, patch);
                emit(&tree)
            }
            (None, None) => continue,
        };
        let id = sources.add(SourceFile::new(
            format!("{label}/{}", record.file_name()),
            text,
        ));
        let file = sources.get(id).cloned().ok_or("source vanished")?;
        let doc = document::load(
            record,
            id,
            &file,
            Schema::bundled(),
            &yaml::Limits::default(),
        )
        .map_err(|errors| {
            errors
                .iter()
                .map(|e| format!("{label}/{}: {e}", record.file_name()))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        case.insert(doc);
    }
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
